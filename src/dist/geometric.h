#pragma once
// Geometric(probs | logits): the number of failures before the first
// success, on 0, 1, 2, ...; P(k) = (1 - p)^k p. Values that are not counts
// have log mass -inf.
#include "core/stable_math.h"
#include "dist/count_helpers.h"
#include "dist/distribution.h"
#include "dist/fused_elementwise.h"
#include "dist/log_tails.h"
#include "dist/probs_or_logits_family.h"

namespace ppl::dist {

// log p + k log(1 - p), the product taken as 0 at k = 0 (so p = 1 gives 0).
struct GeometricProbsKernel {
  static constexpr size_t arity = 2;  // value, probs

  static auto log_density(const auto& x, const auto& p) {
    return detail::is_count(x).select(log_of(p) + (x == 0.0).select(0.0, x * (-p).log1p()),
                                      -detail::kInfinity);
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& p) {
    if constexpr (I == 0) return Eigen::ArrayXd::Zero(x.size());  // counts: no derivative
    if constexpr (I == 1)
      return detail::is_count(x).select(inverse_of(p) - (x == 0.0).select(0.0, x / (1.0 - p)), 0.0);
  }
};

// -log(1 + e^-l) - k log(1 + e^l).
struct GeometricLogitsKernel {
  static constexpr size_t arity = 2;  // value, logits

  static auto log_density(const auto& x, const auto& l) {
    return detail::is_count(x).select(-stable_softplus(-l) - x * stable_softplus(l), -detail::kInfinity);
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& l) {
    if constexpr (I == 0) return Eigen::ArrayXd::Zero(x.size());
    if constexpr (I == 1)
      return detail::is_count(x).select(stable_sigmoid(-l) - x * stable_sigmoid(l), 0.0);
  }
};

class Geometric
    : public LogTailsFromOne<ProbsOrLogitsFamily<GeometricProbsKernel, GeometricLogitsKernel>> {
 public:
  // probs in (0, 1], or logits (a number above -inf).
  Geometric(ad::Var parameter, ProbsOrLogits kind);
  std::string name() const override { return "Geometric"; }
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  Constraint support() const override { return Constraint::of(ConstraintKind::NonnegativeInteger); }
  std::optional<ad::Var> mean() const override;      // (1 - p) / p
  std::optional<ad::Var> variance() const override;  // (1 - p) / p^2

  // P(X <= k) = 1 - (1 - p)^(k + 1): differentiable in the probability.
  ad::Var cdf(ad::Var value) const override;

 private:
  ad::Var tail(const ad::Var& k, bool upper) const override;
};

}  // namespace ppl::dist
