#include "dist/log_normal.h"

#include "ad/ops.h"

namespace ppl::dist {

LogNormal::LogNormal(ad::Var loc, ad::Var scale)
    : Distribution(broadcast_shapes(loc.shape(), scale.shape()), Shape{}), loc_(loc), scale_(scale) {
  check_finite("LogNormal", "loc", loc);
  check_positive("LogNormal", "scale", scale);
}

ad::Var LogNormal::log_prob(ad::Var value) const {
  return fused_log_density<LogNormalKernel>({value, loc_, scale_});
}

ad::Var LogNormal::log_prob_sum(ad::Var value) const {
  return fused_log_density_sum<LogNormalKernel>({value, loc_, scale_});
}

ad::Var LogNormal::sample(RandomKey key, const Shape& shape) const {
  return ad::exp(loc_ + scale_ * tape().constant(noise(key, shape, NormalSampler(0.0, 1.0))));
}

// E X = exp(loc + scale^2 / 2); Var X = (exp(scale^2) - 1) exp(2 loc + scale^2).
std::optional<ad::Var> LogNormal::mean() const {
  return broadcast_var(ad::exp(loc_ + 0.5 * ad::square(scale_)), batch_shape_);
}

std::optional<ad::Var> LogNormal::variance() const {
  ad::Var s2 = ad::square(scale_);
  return broadcast_var(ad::expm1(s2) * ad::exp(2.0 * loc_ + s2), batch_shape_);
}

}  // namespace ppl::dist
