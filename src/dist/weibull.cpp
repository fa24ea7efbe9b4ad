#include "dist/weibull.h"

#include "ad/ops.h"

namespace ppl::dist {

Weibull::Weibull(ad::Var scale, ad::Var concentration)
    : Distribution(broadcast_shapes(scale.shape(), concentration.shape()), Shape{}),
      scale_(scale),
      concentration_(concentration) {
  check_positive("Weibull", "scale", scale);
  check_positive("Weibull", "concentration", concentration);
}

ad::Var Weibull::log_prob(ad::Var value) const {
  return fused_log_density<WeibullKernel>({value, scale_, concentration_});
}

ad::Var Weibull::log_prob_sum(ad::Var value) const {
  return fused_log_density_sum<WeibullKernel>({value, scale_, concentration_});
}

// scale E^(1/k) for E ~ Exponential(1), written exp(log(E) / k) so that it is
// differentiable in k.
ad::Var Weibull::sample(RandomKey key, const Shape& shape) const {
  ad::Var log_e = tape().constant(log(noise(key, shape, ExponentialSampler(1.0))));
  return scale_ * ad::exp(log_e / concentration_);
}

// scale Gamma(1 + 1/k); scale^2 (Gamma(1 + 2/k) - Gamma(1 + 1/k)^2).
std::optional<ad::Var> Weibull::mean() const {
  return broadcast_var(scale_ * ad::exp(ad::lgamma(1.0 + 1.0 / concentration_)), batch_shape_);
}

std::optional<ad::Var> Weibull::variance() const {
  ad::Var g1 = ad::exp(ad::lgamma(1.0 + 1.0 / concentration_));
  ad::Var g2 = ad::exp(ad::lgamma(1.0 + 2.0 / concentration_));
  return broadcast_var(ad::square(scale_) * (g2 - ad::square(g1)), batch_shape_);
}

}  // namespace ppl::dist
