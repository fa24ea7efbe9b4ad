#pragma once
// HalfNormal(scale): |Z| scale for a standard normal Z; support [0, inf).
#include "dist/continuous_common.h"
#include "dist/elementwise.h"

namespace ppl::dist {

struct HalfNormalFamily {
  static constexpr About about{"HalfNormal", "|Z| scale for a standard normal Z, on [0, inf)",
                               ConstraintKind::Positive, kReparameterized};
  static constexpr Roles<1> roles{{{"scale", Domain::Positive, 1.0}}};
  static constexpr double half_log_two_over_pi = -0.2257913526447274;

  static auto log_density(const auto& x, const auto& scale) {
    return inside_support(
        x >= 0.0, -0.5 * (x * inverse_of(scale)).square() - log_of(scale) + half_log_two_over_pi);
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& scale) {
    if constexpr (I == 0) return zero_outside(x >= 0.0, -x * inverse_of(scale).square());
    if constexpr (I == 1)
      return zero_outside(x >= 0.0, ((x * inverse_of(scale)).square() - 1.0) * inverse_of(scale));
  }
  // Runs element by element in compiled tapes (fused_elementwise.h).
  static constexpr bool scalar_form = true;
};
using HalfNormal = Elementwise<HalfNormalFamily>;
extern template class Elementwise<HalfNormalFamily>;  // in half_normal.cpp

}  // namespace ppl::dist
