#include "dist/exponential.h"

#include "ad/ops.h"

namespace ppl::dist {

Exponential::Exponential(ad::Var rate) : Distribution(rate.shape(), Shape{}), rate_(rate) {
  check_positive("Exponential", "rate", rate);
}

ad::Var Exponential::log_prob(ad::Var value) const {
  return fused_log_density<ExponentialKernel>({value, rate_});
}

ad::Var Exponential::log_prob_sum(ad::Var value) const {
  return fused_log_density_sum<ExponentialKernel>({value, rate_});
}

// -log(U) / rate.
ad::Var Exponential::sample(RandomKey key, const Shape& shape) const {
  return tape().constant(noise(key, shape, ExponentialSampler(1.0))) / rate_;
}

std::optional<ad::Var> Exponential::mean() const { return broadcast_var(1.0 / rate_, batch_shape_); }

std::optional<ad::Var> Exponential::variance() const {
  return broadcast_var(1.0 / ad::square(rate_), batch_shape_);
}

}  // namespace ppl::dist
