#include "dist/uniform.h"

#include "ad/ops.h"

namespace ppl::dist {

Uniform::Uniform(ad::Var low, ad::Var high)
    : Distribution(broadcast_shapes(low.shape(), high.shape()), Shape{}), low_(low), high_(high) {
  check_argument("Uniform", "high", broadcast_to(high.value(), batch_shape_),
                 greater(high.value(), low.value()), "greater than low");
  tape().record_check(
      &detail::replayed_check<decltype([](const Array& high, const Array& low) {
        return greater(high, low);
      })>,
      {high, low});
}

ad::Var Uniform::log_prob(ad::Var value) const {
  return fused_log_density<UniformKernel>({value, low_, high_});
}

ad::Var Uniform::log_prob_sum(ad::Var value) const {
  return fused_log_density_sum<UniformKernel>({value, low_, high_});
}

// low + (high - low) U.
ad::Var Uniform::sample(RandomKey key, const Shape& shape) const {
  return low_ + (high_ - low_) * tape().constant(noise(key, shape, UniformSampler(0.0, 1.0)));
}

std::optional<ad::Var> Uniform::mean() const {
  return broadcast_var(0.5 * (low_ + high_), batch_shape_);
}

std::optional<ad::Var> Uniform::variance() const {
  return broadcast_var(ad::square(high_ - low_) / 12.0, batch_shape_);
}

}  // namespace ppl::dist
