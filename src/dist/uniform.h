#pragma once
// Uniform(low, high): density 1 / (high - low) on [low, high].
#include "dist/continuous_common.h"
#include "dist/elementwise.h"

namespace ppl::dist {

struct UniformKernel {
  static constexpr size_t arity = 3;  // value, low, high

  static double width(double high, double low) { return high - low; }

  template <class X, class L, class H>
  static auto log_density(const X& x, const L& low, const H& high) {
    return inside_support((x >= low) && (x <= high), -log_of(apply_of(high, low, &width)));
  }
  template <size_t I, class X, class L, class H>
  static auto partial(const X& x, const L& low, const H& high) {
    auto inside = (x >= low) && (x <= high);
    if constexpr (I == 0)
      return zero_outside(inside, 0.0 * inverse_of(apply_of(high, low, &width)));
    if constexpr (I == 1) return zero_outside(inside, inverse_of(apply_of(high, low, &width)));
    if constexpr (I == 2) return zero_outside(inside, -inverse_of(apply_of(high, low, &width)));
  }
  // Runs element by element in compiled tapes (fused_elementwise.h).
  static constexpr bool scalar_form = true;
};

struct UniformFamily : UniformKernel {
  static constexpr About about{"Uniform", "density 1 / (high - low) on [low, high]",
                               ConstraintKind::Interval, kReparameterized};
  static constexpr Roles<2> roles{{{"low", Domain::Any, 0.0}, {"high", Domain::Any, 1.0}}};
  // high > low, checked again on every replay of the tape.
  static void check(const Elementwise<UniformFamily>& d);
  static Constraint support_of(const Elementwise<UniformFamily>& d);
};
using Uniform = Elementwise<UniformFamily>;
extern template class Elementwise<UniformFamily>;  // in uniform.cpp

}  // namespace ppl::dist
