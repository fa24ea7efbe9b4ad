#include "dist/laplace.h"

#include "ad/ops.h"

namespace ppl::dist {

Laplace::Laplace(ad::Var loc, ad::Var scale)
    : Distribution(broadcast_shapes(loc.shape(), scale.shape()), Shape{}), loc_(loc), scale_(scale) {
  check_finite("Laplace", "loc", loc);
  check_positive("Laplace", "scale", scale);
}

ad::Var Laplace::log_prob(ad::Var value) const {
  return fused_log_density<LaplaceKernel>({value, loc_, scale_});
}

ad::Var Laplace::log_prob_sum(ad::Var value) const {
  return fused_log_density_sum<LaplaceKernel>({value, loc_, scale_});
}

ad::Var Laplace::sample(RandomKey key, const Shape& shape) const {
  return loc_ + scale_ * tape().constant(noise(key, shape, LaplaceSampler(0.0, 1.0)));
}

std::optional<ad::Var> Laplace::mean() const { return broadcast_var(loc_, batch_shape_); }

std::optional<ad::Var> Laplace::variance() const {
  return broadcast_var(2.0 * ad::square(scale_), batch_shape_);
}

}  // namespace ppl::dist
