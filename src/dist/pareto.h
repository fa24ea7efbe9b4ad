#pragma once
// Pareto(scale, alpha): density alpha scale^alpha / x^(alpha + 1) on
// [scale, inf), NumPyro's parameterization; draws scale exp(E / alpha), E
// standard exponential, reparameterized.
#include "dist/continuous_common.h"
#include "dist/elementwise.h"

namespace ppl::dist {

struct ParetoKernel {
  static constexpr size_t arity = 3;  // value, scale, alpha

  template <class X, class S, class A>
  static auto log_density(const X& x, const S& s, const A& a) {
    return inside_support(x >= s, log_of(a) + a * log_of(s) - (a + 1.0) * log_of(x));
  }
  template <size_t I, class X, class S, class A>
  static auto partial(const X& x, const S& s, const A& a) {
    if constexpr (I == 0) return zero_outside(x >= s, -(a + 1.0) * inverse_of(x));
    if constexpr (I == 1) return zero_outside(x >= s, a * inverse_of(s));
    if constexpr (I == 2) return zero_outside(x >= s, inverse_of(a) + log_of(s) - log_of(x));
  }
};

struct ParetoFamily : ParetoKernel {
  static constexpr About about{"Pareto",
                               "density alpha scale^alpha / x^(alpha + 1) on [scale, inf)",
                               ConstraintKind::GreaterThan, kReparameterized};
  static constexpr Roles<2> roles{{{"scale", Domain::Positive}, {"alpha", Domain::Positive}}};
  static Constraint support_of(const Elementwise<ParetoFamily>& d);
};
using Pareto = Elementwise<ParetoFamily>;
extern template class Elementwise<ParetoFamily>;  // in pareto.cpp

}  // namespace ppl::dist
