#pragma once
// Normal(loc, scale): the reference example of a distribution (see
// distribution.h): argument checks, a fused log density, a reparameterized
// sample, closed-form moments.
#include "dist/distribution.h"
#include "dist/elementwise.h"
#include "dist/fused_elementwise.h"

namespace ppl::dist {

struct NormalFamily {
  static constexpr About about{"Normal", "the normal (Gaussian) distribution", ConstraintKind::Real,
                               kReparameterized};
  static constexpr Roles<2> roles{{{"loc", Domain::Finite, 0.0}, {"scale", Domain::Positive, 1.0}}};
  static constexpr double half_log_two_pi = 0.91893853320467274178;

  static auto log_density(const auto& x, const auto& loc, const auto& scale) {
    return -0.5 * ((x - loc) * inverse_of(scale)).square() - log_of(scale) - half_log_two_pi;
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& loc, const auto& scale) {
    if constexpr (I == 0) return (loc - x) * inverse_of(scale).square();
    if constexpr (I == 1) return (x - loc) * inverse_of(scale).square();
    if constexpr (I == 2)
      return (((x - loc) * inverse_of(scale)).square() - 1.0) * inverse_of(scale);
  }
  // Runs element by element in compiled tapes (fused_elementwise.h).
  static constexpr bool scalar_form = true;
};
using Normal = Elementwise<NormalFamily>;
extern template class Elementwise<NormalFamily>;  // in normal.cpp

}  // namespace ppl::dist
