#include "dist/logistic.h"

#include "ad/ops.h"

namespace ppl::dist {

Logistic::Logistic(ad::Var loc, ad::Var scale)
    : Distribution(broadcast_shapes(loc.shape(), scale.shape()), Shape{}), loc_(loc), scale_(scale) {
  check_finite("Logistic", "loc", loc);
  check_positive("Logistic", "scale", scale);
}

ad::Var Logistic::log_prob(ad::Var value) const {
  return fused_log_density<LogisticKernel>({value, loc_, scale_});
}

ad::Var Logistic::log_prob_sum(ad::Var value) const {
  return fused_log_density_sum<LogisticKernel>({value, loc_, scale_});
}

ad::Var Logistic::sample(RandomKey key, const Shape& shape) const {
  return loc_ + scale_ * tape().constant(noise(key, shape, LogisticSampler(0.0, 1.0)));
}

std::optional<ad::Var> Logistic::mean() const { return broadcast_var(loc_, batch_shape_); }

// pi^2 scale^2 / 3.
std::optional<ad::Var> Logistic::variance() const {
  constexpr double pi_squared_over_three = 3.289868133696453;
  return broadcast_var(pi_squared_over_three * ad::square(scale_), batch_shape_);
}

}  // namespace ppl::dist
