#include "dist/binomial.h"

#include "ad/ops.h"
#include "core/array_math.h"
#include "core/samplers.h"

namespace ppl::dist {

Binomial::Binomial(ad::Var total_count, ad::Var parameter, ProbsOrLogits kind)
    : Distribution(broadcast_shapes(total_count.shape(), parameter.shape()), Shape{}),
      total_count_(total_count),
      parameter_(parameter),
      kind_(kind) {
  const Array& n = total_count.value();
  check_argument("Binomial", "total_count", n,
                 Constraint::of(ConstraintKind::NonnegativeInteger).check(n), "a non-negative integer");
  if (kind == ProbsOrLogits::Probs)
    check_argument("Binomial", "probs", parameter, domain::unit_interval, "in [0, 1]");
  else
    check_argument("Binomial", "logits", parameter, domain::not_nan, "a number");
}

ad::Var Binomial::log_prob(ad::Var value) const {
  if (kind_ == ProbsOrLogits::Probs)
    return fused_log_density<BinomialProbsKernel>({value, total_count_, parameter_});
  return fused_log_density<BinomialLogitsKernel>({value, total_count_, parameter_});
}

ad::Var Binomial::log_prob_sum(ad::Var value) const {
  if (kind_ == ProbsOrLogits::Probs)
    return fused_log_density_sum<BinomialProbsKernel>({value, total_count_, parameter_});
  return fused_log_density_sum<BinomialLogitsKernel>({value, total_count_, parameter_});
}

ad::Var Binomial::probs() const {
  return kind_ == ProbsOrLogits::Probs ? parameter_ : ad::sigmoid(parameter_);
}

Constraint Binomial::support() const {
  return Constraint::integer_interval(tape().constant(0.0), total_count_);
}

ad::Var Binomial::sample(RandomKey key, const Shape& shape) const {
  detail::check_sample_shape(*this, shape);
  const Eigen::ArrayXd n = detail::batch_values(total_count_, batch_shape_);
  const Eigen::ArrayXd p = detail::batch_values(probs(), batch_shape_);
  return tape().constant(detail::draw_elementwise(key, shape, batch_shape_, [&](int64_t i) {
    return BinomialSampler(static_cast<std::int64_t>(n[i]), p[i]);
  }));
}

std::optional<ad::Var> Binomial::mean() const {
  return broadcast_var(total_count_ * probs(), batch_shape_);
}

std::optional<ad::Var> Binomial::variance() const {
  ad::Var p = probs();
  return broadcast_var(total_count_ * p * (1.0 - p), batch_shape_);
}

}  // namespace ppl::dist
