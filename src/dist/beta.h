#pragma once
// Beta(concentration1, concentration0): density
// x^(a-1) (1-x)^(b-1) / B(a, b) on [0, 1]. Draws are not reparameterized.
#include "dist/continuous_common.h"
#include "dist/elementwise.h"

namespace ppl::dist {

struct BetaFamily {
  static constexpr About about{
      "Beta", "density x^(a-1) (1-x)^(b-1) / B(a, b) on [0, 1], a = concentration1",
      ConstraintKind::UnitInterval, kReparameterized};
  static constexpr Roles<2> roles{
      {{"concentration1", Domain::Positive}, {"concentration0", Domain::Positive}}};

  static double digamma_of_sum(double a, double b) { return special::digamma(a + b); }

  static auto log_density(const auto& x, const auto& a, const auto& b) {
    return inside_support((x >= 0.0) && (x <= 1.0), times_unless_zero(a - 1.0, log_of(x)) +
                                                        times_unless_zero(b - 1.0, (-x).log1p()) -
                                                        apply_of(a, b, &special::lbeta));
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& a, const auto& b) {
    auto inside = (x > 0.0) && (x < 1.0);
    if constexpr (I == 0)
      return zero_outside(inside, (a - 1.0) * inverse_of(x) - (b - 1.0) / (1.0 - x));
    if constexpr (I == 1)
      return zero_outside(
          inside, log_of(x) - apply_of(a, &special::digamma) + apply_of(a, b, &digamma_of_sum));
    if constexpr (I == 2)
      return zero_outside(
          inside, (-x).log1p() - apply_of(b, &special::digamma) + apply_of(a, b, &digamma_of_sum));
  }
  // Runs element by element in compiled tapes (fused_elementwise.h).
  static constexpr bool scalar_form = true;
};
using Beta = Elementwise<BetaFamily>;
extern template class Elementwise<BetaFamily>;  // in beta.cpp

}  // namespace ppl::dist
