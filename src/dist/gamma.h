#pragma once
// Gamma(concentration, rate): density rate^a x^(a-1) exp(-rate x) / Gamma(a)
// on [0, inf). Draws are not reparameterized.
#include "dist/continuous_common.h"
#include "dist/elementwise.h"

namespace ppl::dist {

struct GammaFamily {
  static constexpr About about{
      "Gamma", "density rate^a x^(a-1) exp(-rate x) / Gamma(a), a the concentration",
      ConstraintKind::Positive, kReparameterized};
  static constexpr Roles<2> roles{
      {{"concentration", Domain::Positive}, {"rate", Domain::Positive, 1.0}}};

  static auto log_density(const auto& x, const auto& a, const auto& rate) {
    return inside_support(x >= 0.0, a * log_of(rate) + times_unless_zero(a - 1.0, log_of(x)) -
                                        rate * x - apply_of(a, &special::lgamma));
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& a, const auto& rate) {
    if constexpr (I == 0) return zero_outside(x > 0.0, (a - 1.0) * inverse_of(x) - rate);
    if constexpr (I == 1)
      return zero_outside(x > 0.0, log_of(rate) + log_of(x) - apply_of(a, &special::digamma));
    if constexpr (I == 2) return zero_outside(x >= 0.0, a * inverse_of(rate) - x);
  }
  // Runs element by element in compiled tapes (fused_elementwise.h).
  static constexpr bool scalar_form = true;
};
using Gamma = Elementwise<GammaFamily>;
extern template class Elementwise<GammaFamily>;  // in gamma.cpp

}  // namespace ppl::dist
