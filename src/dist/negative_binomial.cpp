#include "dist/negative_binomial.h"

#include <cmath>

#include "ad/ops.h"
#include "core/array_math.h"
#include "dist/beta_tails.h"

namespace ppl::dist {

NegativeBinomial::NegativeBinomial(ad::Var total_count, ad::Var parameter, ProbsOrLogits kind)
    : LogTailsFromOne(broadcast_shapes(total_count.shape(), parameter.shape()), Shape{},
                      total_count, parameter, kind) {
  check_argument("NegativeBinomial", "total_count", total_count, domain::positive, "positive");
  if (kind == ProbsOrLogits::Probs)
    check_argument("NegativeBinomial", "probs", parameter, domain::right_open_unit_interval,
                   "in [0, 1)");
  else
    check_argument("NegativeBinomial", "logits", parameter, domain::below_infinity,
                   "a number below +inf");
}

ad::Var NegativeBinomial::log_prob(ad::Var value) const {
  return fused<NegativeBinomialProbsKernel, NegativeBinomialLogitsKernel>(value, false);
}

ad::Var NegativeBinomial::log_prob_sum(ad::Var value) const {
  return fused<NegativeBinomialProbsKernel, NegativeBinomialLogitsKernel>(value, true);
}

ad::Var NegativeBinomial::probs() const {
  return kind_ == ProbsOrLogits::Probs ? parameter_ : ad::sigmoid(parameter_);
}

// lambda = Gamma(n, 1) p / (1 - p); p / (1 - p) = e^logits.
ad::Var NegativeBinomial::sample(RandomKey key, const Shape& shape) const {
  detail::check_sample_shape(*this, shape);
  const Eigen::ArrayXd n = detail::batch_values(total_count_, batch_shape_);
  const Eigen::ArrayXd v = detail::batch_values(parameter_, batch_shape_);
  return tape().constant(detail::draw_elementwise(key, shape, batch_shape_, [&](int64_t i) {
    const double odds = kind_ == ProbsOrLogits::Probs ? v[i] / (1.0 - v[i]) : std::exp(v[i]);
    return detail::GammaPoissonSampler(n[i], odds);
  }));
}

std::optional<ad::Var> NegativeBinomial::mean() const {
  ad::Var p = probs();
  return broadcast_var(total_count_ * p / (1.0 - p), batch_shape_);
}

std::optional<ad::Var> NegativeBinomial::variance() const {
  ad::Var p = probs();
  return broadcast_var(total_count_ * p / ad::square(1.0 - p), batch_shape_);
}

// F(k) = I_{1-p}(total_count, k + 1).
ad::Var NegativeBinomial::tail(const ad::Var& k, bool upper) const {
  const ad::Var q = kind_ == ProbsOrLogits::Probs ? 1.0 - parameter_ : ad::sigmoid(-parameter_);
  return count_tail(
      k, log_beta_tail("NegativeBinomial", "total_count", total_count_, count_plus_one(k), q, upper),
      upper);
}
ad::Var NegativeBinomial::cdf(ad::Var value) const { return ad::exp(log_cdf(value)); }

}  // namespace ppl::dist
