#include "dist/poisson.h"

#include "core/array_math.h"
#include "core/samplers.h"

namespace ppl::dist {

Poisson::Poisson(ad::Var rate) : Distribution(rate.shape(), Shape{}), rate_(rate) {
  check_argument("Poisson", "rate", rate.value(), greater(rate.value(), Array(0.0)), "positive");
}

ad::Var Poisson::log_prob(ad::Var value) const {
  return fused_log_density<PoissonKernel>({value, rate_});
}

ad::Var Poisson::log_prob_sum(ad::Var value) const {
  return fused_log_density_sum<PoissonKernel>({value, rate_});
}

ad::Var Poisson::sample(RandomKey key, const Shape& shape) const {
  detail::check_sample_shape(*this, shape);
  const Eigen::ArrayXd rate = detail::batch_values(rate_, batch_shape_);
  return tape().constant(detail::draw_elementwise(
      key, shape, batch_shape_, [&](int64_t i) { return PoissonSampler(rate[i]); }));
}

std::optional<ad::Var> Poisson::mean() const { return broadcast_var(rate_, batch_shape_); }

std::optional<ad::Var> Poisson::variance() const { return broadcast_var(rate_, batch_shape_); }

}  // namespace ppl::dist
