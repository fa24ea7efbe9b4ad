#pragma once
// BetaProportion(mean, concentration): Beta(mean * concentration,
// (1 - mean) * concentration), NumPyro's mean-precision parameterization
// for proportions; mean in (0, 1).
#include "dist/beta.h"
#include "dist/continuous_common.h"
#include "dist/elementwise.h"

namespace ppl::dist {

// The Beta kernel at a = m c, b = (1 - m) c, its partials by the chain rule:
// d/dm = c (d/da - d/db), d/dc = m d/da + (1 - m) d/db.
struct BetaProportionFamily {
  static constexpr About about{"BetaProportion",
                               "Beta(mean * concentration, (1 - mean) * concentration)",
                               ConstraintKind::UnitInterval, kReparameterized};
  static constexpr Roles<2> roles{
      {{"mean", Domain::UnitInterval}, {"concentration", Domain::Positive}}};
  // mean strictly inside (0, 1).
  static void check(const Elementwise<BetaProportionFamily>& d);

  static auto log_density(const auto& x, const auto& m, const auto& c) {
    return BetaFamily::log_density(x, m * c, (1.0 - m) * c);
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& m, const auto& c) {
    const auto a = m * c;
    const auto b = (1.0 - m) * c;
    if constexpr (I == 0) return BetaFamily::partial<0>(x, a, b);
    if constexpr (I == 1)
      return c * (BetaFamily::partial<1>(x, a, b) - BetaFamily::partial<2>(x, a, b));
    if constexpr (I == 2)
      return m * BetaFamily::partial<1>(x, a, b) + (1.0 - m) * BetaFamily::partial<2>(x, a, b);
  }
};
using BetaProportion = Elementwise<BetaProportionFamily>;
extern template class Elementwise<BetaProportionFamily>;  // in beta_proportion.cpp

}  // namespace ppl::dist
