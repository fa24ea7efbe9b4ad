#pragma once
// Binomial(total_count, probs | logits) on 0, ..., total_count. Values that
// are not counts up to total_count have log mass -inf. total_count is a
// count: the log mass gets no derivative in it.
#include "core/stable_math.h"
#include "dist/count_helpers.h"
#include "dist/distribution.h"
#include "dist/fused_elementwise.h"
#include "dist/log_tails.h"
#include "dist/total_count_family.h"

namespace ppl::dist {

namespace detail {

template <class X, class N>
auto binomial_support(const X& x, const N& n) {
  return is_count(x) && (x <= n);
}
template <class X, class N>
auto log_binomial_coefficients(const X& x, const N& n) {
  return x.binaryExpr(n, [](double k, double total) { return log_binomial_coefficient(total, k); });
}

}  // namespace detail

// log C(n, k) + k log p + (n - k) log(1 - p), each product taken as 0 when
// its count is 0 (so p = 0 or 1 gives 0 or -inf, not NaN).
struct BinomialProbsKernel {
  static constexpr size_t arity = 3;  // value, total_count, probs

  static auto log_density(const auto& x, const auto& n, const auto& p) {
    return detail::binomial_support(x, n).select(
        detail::log_binomial_coefficients(x, n) + (x == 0.0).select(0.0, x * p.log()) +
            (x == n).select(0.0, (n - x) * (-p).log1p()),
        -detail::kInfinity);
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& n, const auto& p) {
    if constexpr (I == 0 || I == 1) return Eigen::ArrayXd::Zero(x.size());  // counts
    if constexpr (I == 2)
      return detail::binomial_support(x, n).select(
          (x == 0.0).select(0.0, x / p) - (x == n).select(0.0, (n - x) / (1.0 - p)), 0.0);
  }
};

// log C(n, k) + k l - n log(1 + e^l), written as log C(n, k) - k log(1 + e^-l)
// - (n - k) log(1 + e^l) with each product 0 when its count is 0: so
// infinite logits give 0 or -inf (as probs 0 and 1 do), not inf - inf.
struct BinomialLogitsKernel {
  static constexpr size_t arity = 3;  // value, total_count, logits

  static auto log_density(const auto& x, const auto& n, const auto& l) {
    return detail::binomial_support(x, n).select(
        detail::log_binomial_coefficients(x, n) -
            (x == 0.0).select(0.0, x * stable_softplus(-l)) -
            (x == n).select(0.0, (n - x) * stable_softplus(l)),
        -detail::kInfinity);
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& n, const auto& l) {
    if constexpr (I == 0 || I == 1) return Eigen::ArrayXd::Zero(x.size());
    if constexpr (I == 2) return detail::binomial_support(x, n).select(x - n * stable_sigmoid(l), 0.0);
  }
};

class Binomial final : public LogTailsFromOne<TotalCountFamily> {
 public:
  // total_count a non-negative integer; probs in [0, 1] or logits (not NaN).
  Binomial(ad::Var total_count, ad::Var parameter, ProbsOrLogits kind);
  std::string name() const override { return "Binomial"; }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var log_prob_sum(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  Constraint support() const override;
  std::optional<ad::Var> mean() const override;
  std::optional<ad::Var> variance() const override;

  ad::Var probs() const;

  // P(X <= k) through the incomplete beta function: differentiable in the
  // probability, not in total_count.
  ad::Var cdf(ad::Var value) const override;

 private:
  ad::Var tail(const ad::Var& k, bool upper) const override;
};

}  // namespace ppl::dist
