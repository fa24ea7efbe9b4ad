#include "dist/geometric.h"

#include <limits>

#include "ad/ops.h"
#include "core/array_math.h"
#include "dist/beta_tails.h"

namespace ppl::dist {

Geometric::Geometric(ad::Var parameter, ProbsOrLogits kind) : LogTailsFromOne(parameter, kind) {
  if (kind == ProbsOrLogits::Probs)
    check_argument("Geometric", "probs", parameter, domain::left_open_unit_interval, "in (0, 1]");
  else
    check_argument("Geometric", "logits", parameter, domain::above_minus_infinity,
                   "a number above -inf");
}

ad::Var Geometric::sample(RandomKey key, const Shape& shape) const {
  return draw(key, shape, [](double p) { return GeometricSampler(p); });
}

std::optional<ad::Var> Geometric::mean() const {
  ad::Var p = probs();
  return broadcast_var((1.0 - p) / p, batch_shape_);
}

std::optional<ad::Var> Geometric::variance() const {
  ad::Var p = probs();
  return broadcast_var((1.0 - p) / ad::square(p), batch_shape_);
}

// log P(X > k) = (k + 1) log(1 - p), log(1 - p) = -softplus(logits).
ad::Var Geometric::tail(const ad::Var& k, bool upper) const {
  const ad::Var log_q =
      kind_ == ProbsOrLogits::Probs ? ad::log1p(-parameter_) : -ad::softplus(parameter_);
  const ad::Var log_survival = count_plus_one(k) * log_q;
  return count_tail(k, upper ? log_survival : ad::log1mexp(log_survival), upper);
}
ad::Var Geometric::cdf(ad::Var value) const { return ad::exp(log_cdf(value)); }

}  // namespace ppl::dist
