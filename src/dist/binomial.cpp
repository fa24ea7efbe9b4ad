#include "dist/binomial.h"

#include "ad/ops.h"
#include "core/array_math.h"
#include "core/samplers.h"

namespace ppl::dist {

Binomial::Binomial(ad::Var total_count, ad::Var parameter, ProbsOrLogits kind)
    : TotalCountFamily(broadcast_shapes(total_count.shape(), parameter.shape()), Shape{},
                       total_count, parameter, kind) {
  check_whole_total_count("Binomial");
  if (kind == ProbsOrLogits::Probs)
    check_argument("Binomial", "probs", parameter, domain::unit_interval, "in [0, 1]");
  else
    check_argument("Binomial", "logits", parameter, domain::not_nan, "a number");
}

ad::Var Binomial::log_prob(ad::Var value) const {
  return fused<BinomialProbsKernel, BinomialLogitsKernel>(value, /*summed=*/false);
}

ad::Var Binomial::log_prob_sum(ad::Var value) const {
  return fused<BinomialProbsKernel, BinomialLogitsKernel>(value, /*summed=*/true);
}

ad::Var Binomial::probs() const {
  return kind_ == ProbsOrLogits::Probs ? parameter_ : ad::sigmoid(parameter_);
}

Constraint Binomial::support() const { return counts_up_to_total(); }

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
