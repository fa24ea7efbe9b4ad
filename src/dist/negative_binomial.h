#pragma once
// NegativeBinomial(total_count, probs | logits), NumPyro's
// NegativeBinomialProbs / NegativeBinomialLogits: GammaPoisson(total_count,
// rate = (1 - probs) / probs), so
//   P(k) = Gamma(k + n) / (Gamma(n) k!) probs^k (1 - probs)^n,
// probs the probability of each counted event, logits = log(probs / (1 - probs)).
// Support 0, 1, 2, ...; values that are not counts have log mass -inf.
#include "core/stable_math.h"
#include "dist/count_helpers.h"
#include "dist/distribution.h"
#include "dist/fused_elementwise.h"
#include "dist/gamma_poisson.h"
#include "dist/log_tails.h"
#include "dist/total_count_family.h"

namespace ppl::dist {

// coefficient + n log(1 - p) + k log p (k log p taken as 0 at k = 0).
struct NegativeBinomialProbsKernel {
  static constexpr size_t arity = 3;  // value, total_count, probs

  static auto log_density(const auto& x, const auto& n, const auto& p) {
    return detail::is_count(x).select(
        detail::log_nb_coefficients(x, n) + n * (-p).log1p() + (x == 0.0).select(0.0, x * p.log()),
        -detail::kInfinity);
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& n, const auto& p) {
    if constexpr (I == 0) return Eigen::ArrayXd::Zero(x.size());  // counts: no derivative
    if constexpr (I == 1)
      return detail::is_count(x).select(detail::log_nb_coefficients_dc(x, n) + (-p).log1p(), 0.0);
    if constexpr (I == 2)
      return detail::is_count(x).select((x == 0.0).select(0.0, x / p) - n / (1.0 - p), 0.0);
  }
};

// coefficient - n log(1 + e^l) - k log(1 + e^-l), the last 0 at k = 0 (so
// logits -inf, probs 0, put all the mass at 0 rather than giving 0 * inf).
struct NegativeBinomialLogitsKernel {
  static constexpr size_t arity = 3;  // value, total_count, logits

  static auto log_density(const auto& x, const auto& n, const auto& l) {
    return detail::is_count(x).select(detail::log_nb_coefficients(x, n) -
                                          n * stable_softplus(l) -
                                          (x == 0.0).select(0.0, x * stable_softplus(-l)),
                                      -detail::kInfinity);
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& n, const auto& l) {
    if constexpr (I == 0) return Eigen::ArrayXd::Zero(x.size());
    if constexpr (I == 1)
      return detail::is_count(x).select(detail::log_nb_coefficients_dc(x, n) - stable_softplus(l), 0.0);
    if constexpr (I == 2) return detail::is_count(x).select(x - (n + x) * stable_sigmoid(l), 0.0);
  }
};

class NegativeBinomial final : public LogTailsFromOne<TotalCountFamily> {
 public:
  // total_count positive (need not be whole); probs in [0, 1) or logits
  // (a number below +inf).
  NegativeBinomial(ad::Var total_count, ad::Var parameter, ProbsOrLogits kind);
  std::string name() const override { return "NegativeBinomial"; }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var log_prob_sum(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  Constraint support() const override { return Constraint::of(ConstraintKind::NonnegativeInteger); }
  std::optional<ad::Var> mean() const override;      // n p / (1 - p)
  std::optional<ad::Var> variance() const override;  // n p / (1 - p)^2

  ad::Var probs() const;

  // P(X <= k) through the incomplete beta function: differentiable in the
  // probability, not in total_count.
  ad::Var cdf(ad::Var value) const override;

 private:
  ad::Var tail(const ad::Var& k, bool upper) const override;
};

}  // namespace ppl::dist
