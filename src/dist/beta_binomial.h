#pragma once
// BetaBinomial(concentration1, concentration0, total_count): a Binomial
// whose success probability is Beta(concentration1, concentration0)
// distributed, NumPyro's parameterization. Mass
// C(n, k) B(k + a, n - k + b) / B(a, b) on 0, 1, ..., n; values that are not
// counts up to n have log mass -inf.
#include "dist/continuous_common.h"
#include "dist/count_helpers.h"
#include "dist/elementwise.h"

namespace ppl::dist {

// log C(n, k) + log B(k + a, n - k + b) - log B(a, b) on 0..n. The
// derivative in a is psi(k + a) - psi(n + a + b) - psi(a) + psi(a + b); in b
// the same with the roles of successes and failures exchanged,
// (k, a) -> (n - k, b).
struct BetaBinomialFamily {
  static constexpr About about{
      "BetaBinomial", "Binomial(total_count, p) with p ~ Beta(concentration1, concentration0)",
      ConstraintKind::IntegerInterval, kNotReparameterized};
  static constexpr Roles<3> roles{{{"concentration1", Domain::Positive},
                                   {"concentration0", Domain::Positive},
                                   {"total_count", Domain::Finite, 1.0}}};
  // total_count must be a whole number >= 0; the support is 0..total_count.
  static void check(const Elementwise<BetaBinomialFamily>& d);
  static Constraint support_of(const Elementwise<BetaBinomialFamily>& d);

  static auto log_density(const auto& x, const auto& a, const auto& b, const auto& n) {
    return inside_support(detail::is_count(x) && (x <= n),
                          apply_of(n, x, &detail::log_binomial_coefficient) +
                              apply_of(x + a, n - x + b, &special::lbeta) -
                              apply_of(a, b, &special::lbeta));
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& a, const auto& b, const auto& n) {
    const auto inside = detail::is_count(x) && (x <= n);
    if constexpr (I == 1) return zero_outside(inside, digamma_terms(x, a, b, n));
    if constexpr (I == 2) return zero_outside(inside, digamma_terms(n - x, b, a, n));
    if constexpr (I == 0 || I == 3) return Eigen::ArrayXd::Zero(x.size());  // counts
  }

 private:
  static auto digamma_terms(const auto& k, const auto& a, const auto& b, const auto& n) {
    return (k + a).unaryExpr(&special::digamma) - (n + a + b).unaryExpr(&special::digamma) -
           apply_of(a, &special::digamma) + (a + b).unaryExpr(&special::digamma);
  }
};
using BetaBinomial = Elementwise<BetaBinomialFamily>;
extern template class Elementwise<BetaBinomialFamily>;  // in beta_binomial.cpp

}  // namespace ppl::dist
