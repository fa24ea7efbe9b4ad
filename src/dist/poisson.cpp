#include "dist/poisson.h"

#include "ad/ops.h"
#include "core/array_math.h"
#include "core/samplers.h"

namespace ppl::dist {

Poisson::Poisson(ad::Var rate) : Distribution(rate.shape(), Shape{}), rate_(rate) {
  check_argument("Poisson", "rate", rate, domain::positive, "positive");
}

ad::Var Poisson::log_prob(ad::Var value) const {
  return fused_log_density<PoissonKernel>({value, rate_});
}

ad::Var Poisson::log_prob_sum(ad::Var value) const {
  ad::Tape& t = tape();
  if (t.needs_gradient(value.index())) return fused_log_density_sum<PoissonKernel>({value, rate_});
  // Observed counts: -log(x!) is computed once, as a constant node that a
  // replayed tape keeps, instead of a log-gamma per count at every step.
  const Shape shape = broadcast_shapes(value.shape(), rate_.shape());
  double value_terms = 0;
  with_aligned(value.value(), shape, [&](const auto& x) {
    value_terms = detail::is_count(x)
                      .select(-(x + 1.0).unaryExpr(&special::lgamma), -detail::kInfinity)
                      .sum();
  });
  return fused_log_density_sum<PoissonRateTermsKernel>({value, rate_}) + t.constant(value_terms);
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
