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
};

struct InverseGammaFamily {
  static constexpr const char* name = "InverseGamma";
  static constexpr const char* summary = "1 / X for X ~ Gamma(concentration, rate)";
  static constexpr std::array<Role, 2> roles{
      {{"concentration", Domain::Positive}, {"rate", Domain::Positive, 1.0}}};
  static constexpr ConstraintKind support = ConstraintKind::Positive;
  static constexpr bool reparameterized = true;
  using Kernel = InverseGammaKernel;
  static ad::Var sample(const Elementwise<InverseGammaFamily>& d, RandomKey key,
                        const Shape& shape);
  static ad::Var mean(const Elementwise<InverseGammaFamily>& d);
  static ad::Var variance(const Elementwise<InverseGammaFamily>& d);
};

using InverseGamma = Elementwise<InverseGammaFamily>;
// Instantiated once, in inverse_gamma.cpp.
extern template class Elementwise<InverseGammaFamily>;

}  // namespace ppl::dist
