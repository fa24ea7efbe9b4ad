#pragma once
// Pareto(scale, alpha): density alpha scale^alpha / x^(alpha + 1) on
// [scale, inf), NumPyro's parameterization; draws scale exp(E / alpha), E
// standard exponential, reparameterized.
#include "dist/continuous_common.h"
#include "dist/elementwise.h"

namespace ppl::dist {

struct ParetoFamily {
  static constexpr About about{"Pareto",
                               "density alpha scale^alpha / x^(alpha + 1) on [scale, inf)",
                               ConstraintKind::GreaterThan, kReparameterized};
  static constexpr Roles<2> roles{{{"scale", Domain::Positive}, {"alpha", Domain::Positive}}};
  static Constraint support_of(const Elementwise<ParetoFamily>& d);

  static auto log_density(const auto& x, const auto& s, const auto& a) {
    return inside_support(x >= s, log_of(a) + a * log_of(s) - (a + 1.0) * log_of(x));
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& s, const auto& a) {
    if constexpr (I == 0) return zero_outside(x >= s, -(a + 1.0) * inverse_of(x));
    if constexpr (I == 1) return zero_outside(x >= s, a * inverse_of(s));
    if constexpr (I == 2) return zero_outside(x >= s, inverse_of(a) + log_of(s) - log_of(x));
  }
};
using Pareto = Elementwise<ParetoFamily>;
extern template class Elementwise<ParetoFamily>;  // in pareto.cpp

}  // namespace ppl::dist
