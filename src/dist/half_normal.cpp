#include "dist/half_normal.h"

#include "ad/ops.h"

namespace ppl::dist {

HalfNormal::HalfNormal(ad::Var scale) : Distribution(scale.shape(), Shape{}), scale_(scale) {
  check_positive("HalfNormal", "scale", scale);
}

ad::Var HalfNormal::log_prob(ad::Var value) const {
  return fused_log_density<HalfNormalKernel>({value, scale_});
}

ad::Var HalfNormal::log_prob_sum(ad::Var value) const {
  return fused_log_density_sum<HalfNormalKernel>({value, scale_});
}

ad::Var HalfNormal::sample(RandomKey key, const Shape& shape) const {
  return scale_ * tape().constant(abs(noise(key, shape, NormalSampler(0.0, 1.0))));
}

std::optional<ad::Var> HalfNormal::mean() const {
  constexpr double sqrt_two_over_pi = 0.7978845608028654;
  return broadcast_var(scale_ * sqrt_two_over_pi, batch_shape_);
}

std::optional<ad::Var> HalfNormal::variance() const {
  constexpr double one_minus_two_over_pi = 0.3633802276324186;
  return broadcast_var(ad::square(scale_) * one_minus_two_over_pi, batch_shape_);
}

}  // namespace ppl::dist
