#include "dist/binomial.h"

#include <limits>

#include "ad/ops.h"
#include "core/array_math.h"
#include "core/samplers.h"
#include "dist/beta_tails.h"

namespace ppl::dist {

Binomial::Binomial(ad::Var total_count, ad::Var parameter, ProbsOrLogits kind)
    : LogTailsFromOne(broadcast_shapes(total_count.shape(), parameter.shape()), Shape{},
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

// F(k) = I_{1-p}(n - k, k + 1) for 0 <= k < n, 1 from k = n on.
ad::Var Binomial::tail(const ad::Var& k, bool upper) const {
  ad::Tape& t = tape();
  Array counts = k.value();
  counts.mutable_values() = counts.values().floor();
  // Counts at or above total_count (F = 1) and below 0 (F = 0, by count_tail).
  const ad::Var all = t.constant(greater(
      greater_equal(counts, total_count_.value()) + less(counts, Array(0.0)), Array(0.0)));
  // Lanes at or beyond the ends take a = b = 1, whose tail stays finite.
  const ad::Var b = ad::where(all, t.constant(1.0), count_plus_one(k));
  const ad::Var a = ad::where(all, t.constant(1.0), total_count_ - (b - 1.0));
  const ad::Var q = kind_ == ProbsOrLogits::Probs ? 1.0 - parameter_ : ad::sigmoid(-parameter_);
  const ad::Var inside = log_beta_tail("Binomial", "total_count", a, b, q, upper);
  const double at_total = upper ? -std::numeric_limits<double>::infinity() : 0.0;
  return count_tail(k, ad::where(all, t.constant(at_total), inside), upper);
}
ad::Var Binomial::cdf(ad::Var value) const { return ad::exp(log_cdf(value)); }

}  // namespace ppl::dist
