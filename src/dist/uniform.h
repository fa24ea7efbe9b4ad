#pragma once
// Uniform(low, high): density 1 / (high - low) on [low, high].
#include "dist/continuous_common.h"
#include "dist/elementwise.h"

namespace ppl::dist {

struct UniformFamily {
  static constexpr About about{"Uniform", "density 1 / (high - low) on [low, high]",
                               ConstraintKind::Interval, kReparameterized};
  static constexpr Roles<2> roles{{{"low", Domain::Any, 0.0}, {"high", Domain::Any, 1.0}}};
  // high > low, checked again on every replay of the tape.
  static void check(const Elementwise<UniformFamily>& d);
  static Constraint support_of(const Elementwise<UniformFamily>& d);

  static double width(double high, double low) { return high - low; }

  static auto log_density(const auto& x, const auto& low, const auto& high) {
    return inside_support((x >= low) && (x <= high), -log_of(apply_of(high, low, &width)));
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& low, const auto& high) {
    auto inside = (x >= low) && (x <= high);
    if constexpr (I == 0)
      return zero_outside(inside, 0.0 * inverse_of(apply_of(high, low, &width)));
    if constexpr (I == 1) return zero_outside(inside, inverse_of(apply_of(high, low, &width)));
    if constexpr (I == 2) return zero_outside(inside, -inverse_of(apply_of(high, low, &width)));
  }
  // Runs element by element in compiled tapes (fused_elementwise.h).
  static constexpr bool scalar_form = true;
};
using Uniform = Elementwise<UniformFamily>;
extern template class Elementwise<UniformFamily>;  // in uniform.cpp

}  // namespace ppl::dist
