#pragma once
// Bernoulli(probs | logits) on {0, 1}: NumPyro's BernoulliProbs and
// BernoulliLogits in one class. Values outside {0, 1} have log mass -inf.
#include "dist/count_helpers.h"
#include "dist/distribution.h"
#include "dist/fused_elementwise.h"
#include "dist/probs_or_logits_family.h"
#include "core/stable_math.h"

namespace ppl::dist {

// x log p + (1 - x) log(1 - p), written by cases so that p = 0 or 1 gives
// 0 and -inf rather than NaN.
struct BernoulliProbsKernel {
  static constexpr size_t arity = 2;  // value, probs

  static auto log_density(const auto& x, const auto& p) {
    return ((x == 0.0) || (x == 1.0))
        .select((x == 1.0).select(p.log(), (-p).log1p()), -detail::kInfinity);
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& p) {
    if constexpr (I == 0) return Eigen::ArrayXd::Zero(x.size());  // counts: no derivative
    if constexpr (I == 1)
      return (x == 1.0).select(p.inverse(), (x == 0.0).select(-(1.0 - p).inverse(), 0.0));
  }
  // Runs element by element in compiled tapes (fused_elementwise.h).
  static constexpr bool scalar_form = true;
};

// x l - log(1 + e^l) on values known to be 0 or 1 (BernoulliLogitsKernel's
// twin for observed data): no test, so it runs on SIMD lanes. Written as
// -log(1 + e^((1 - 2x) l)): no l - (l + tiny) cancellation for large l,
// and 0 or -inf, not inf - inf, for infinite logits (as Stan's
// bernoulli_logit).
struct BernoulliLogitsOnValidKernel {
  static constexpr size_t arity = 2;  // value, logits

  static auto log_density(const auto& x, const auto& l) {
    return -stable_softplus((1.0 - 2.0 * x) * l);
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& l) {
    if constexpr (I == 0) return Eigen::ArrayXd::Zero(x.size());
    if constexpr (I == 1) return x - stable_sigmoid(l);
  }
  // Runs element by element in compiled tapes (fused_elementwise.h).
  static constexpr bool scalar_form = true;
  // Its logits may be a regression's predictor (dist/linear_predictor_sum.h).
  static constexpr auto linear_predictor = detail::PredictorCheck::NotNan;
};

// x l - log(1 + e^l), stable for large |l|.
struct BernoulliLogitsKernel {
  static constexpr size_t arity = 2;  // value, logits
  using OnValidValues = BernoulliLogitsOnValidKernel;
  static bool valid_values(const Array& x) {
    return ((x.values() == 0.0) || (x.values() == 1.0)).all();
  }

  // The twin's formulas where x is 0 or 1.
  static auto log_density(const auto& x, const auto& l) {
    return ((x == 0.0) || (x == 1.0)).select(OnValidValues::log_density(x, l), -detail::kInfinity);
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& l) {
    if constexpr (I == 0) return OnValidValues::template partial<0>(x, l);
    if constexpr (I == 1)
      return ((x == 0.0) || (x == 1.0)).select(OnValidValues::template partial<1>(x, l), 0.0);
  }
  // Runs element by element in compiled tapes (fused_elementwise.h).
  static constexpr bool scalar_form = true;
  static constexpr auto linear_predictor = detail::PredictorCheck::NotNan;
};

class Bernoulli : public ProbsOrLogitsFamily<BernoulliProbsKernel, BernoulliLogitsKernel> {
 public:
  // probs in [0, 1], or logits (any number but NaN).
  Bernoulli(ad::Var parameter, ProbsOrLogits kind);
  std::string name() const override { return "Bernoulli"; }
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  Constraint support() const override { return Constraint::of(ConstraintKind::Boolean); }
  std::optional<ad::Var> mean() const override;
  std::optional<ad::Var> variance() const override;

  ad::Var logits() const;  // log(p) - log(1 - p) when given probs
};

}  // namespace ppl::dist
