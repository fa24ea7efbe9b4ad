#pragma once
// InverseGamma(concentration, rate): 1 / X for X ~ Gamma(concentration, rate);
// density rate^a x^(-a-1) exp(-rate / x) / Gamma(a) on (0, inf). Draws are
// not reparameterized.
#include "dist/continuous_common.h"
#include "dist/elementwise.h"

namespace ppl::dist {

struct InverseGammaKernel {
  static constexpr size_t arity = 3;  // value, concentration, rate

  template <class X, class A, class R>
  static auto log_density(const X& x, const A& a, const R& rate) {
    return inside_support(x > 0.0, a * log_of(rate) - (a + 1.0) * log_of(x) - rate * inverse_of(x) -
                                       apply_of(a, &special::lgamma));
  }
  template <size_t I, class X, class A, class R>
  static auto partial(const X& x, const A& a, const R& rate) {
    if constexpr (I == 0)
      return zero_outside(x > 0.0, (rate * inverse_of(x) - (a + 1.0)) * inverse_of(x));
    if constexpr (I == 1)
      return zero_outside(x > 0.0, log_of(rate) - log_of(x) - apply_of(a, &special::digamma));
    if constexpr (I == 2) return zero_outside(x > 0.0, a * inverse_of(rate) - inverse_of(x));
  }
  // Runs element by element in compiled tapes (fused_elementwise.h).
  static constexpr bool scalar_form = true;
};

struct InverseGammaFamily : InverseGammaKernel {
  static constexpr About about{"InverseGamma", "1 / X for X ~ Gamma(concentration, rate)",
                               ConstraintKind::Positive, kReparameterized};
  static constexpr Roles<2> roles{
      {{"concentration", Domain::Positive}, {"rate", Domain::Positive, 1.0}}};
};
using InverseGamma = Elementwise<InverseGammaFamily>;
extern template class Elementwise<InverseGammaFamily>;  // in inverse_gamma.cpp

}  // namespace ppl::dist
