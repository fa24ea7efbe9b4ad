#include "dist/gumbel.h"

#include "ad/ops.h"

namespace ppl::dist {

Gumbel::Gumbel(ad::Var loc, ad::Var scale)
    : Distribution(broadcast_shapes(loc.shape(), scale.shape()), Shape{}), loc_(loc), scale_(scale) {
  check_finite("Gumbel", "loc", loc);
  check_positive("Gumbel", "scale", scale);
}

ad::Var Gumbel::log_prob(ad::Var value) const {
  return fused_log_density<GumbelKernel>({value, loc_, scale_});
}

ad::Var Gumbel::log_prob_sum(ad::Var value) const {
  return fused_log_density_sum<GumbelKernel>({value, loc_, scale_});
}

ad::Var Gumbel::sample(RandomKey key, const Shape& shape) const {
  return loc_ + scale_ * tape().constant(noise(key, shape, GumbelSampler(0.0, 1.0)));
}

// loc + scale * (Euler's gamma); pi^2 scale^2 / 6.
std::optional<ad::Var> Gumbel::mean() const {
  constexpr double euler_gamma = 0.5772156649015329;
  return broadcast_var(loc_ + euler_gamma * scale_, batch_shape_);
}

std::optional<ad::Var> Gumbel::variance() const {
  constexpr double pi_squared_over_six = 1.6449340668482264;
  return broadcast_var(pi_squared_over_six * ad::square(scale_), batch_shape_);
}

}  // namespace ppl::dist
