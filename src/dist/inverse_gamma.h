#pragma once
// InverseGamma(concentration, rate): 1 / X for X ~ Gamma(concentration, rate);
// density rate^a x^(-a-1) exp(-rate / x) / Gamma(a) on (0, inf). Draws are
// not reparameterized.
#include "dist/continuous_common.h"
#include "dist/elementwise.h"

namespace ppl::dist {

struct InverseGammaFamily {
  static constexpr About about{"InverseGamma", "1 / X for X ~ Gamma(concentration, rate)",
                               ConstraintKind::Positive, kReparameterized};
  static constexpr Roles<2> roles{
      {{"concentration", Domain::Positive}, {"rate", Domain::Positive, 1.0}}};

  static auto log_density(const auto& x, const auto& a, const auto& rate) {
    return inside_support(x > 0.0, a * log_of(rate) - (a + 1.0) * log_of(x) - rate * inverse_of(x) -
                                       apply_of(a, &special::lgamma));
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& a, const auto& rate) {
    if constexpr (I == 0)
      return zero_outside(x > 0.0, (rate * inverse_of(x) - (a + 1.0)) * inverse_of(x));
    if constexpr (I == 1)
      return zero_outside(x > 0.0, log_of(rate) - log_of(x) - apply_of(a, &special::digamma));
    if constexpr (I == 2) return zero_outside(x > 0.0, a * inverse_of(rate) - inverse_of(x));
  }
  // Runs element by element in compiled tapes (fused_elementwise.h).
  static constexpr bool scalar_form = true;
};
using InverseGamma = Elementwise<InverseGammaFamily>;
extern template class Elementwise<InverseGammaFamily>;  // in inverse_gamma.cpp

}  // namespace ppl::dist
