#pragma once
// HalfCauchy(scale): |C| scale for a standard Cauchy C; support [0, inf). No
// mean or variance.
#include "dist/continuous_common.h"
#include "dist/elementwise.h"

namespace ppl::dist {

struct HalfCauchyFamily {
  static constexpr About about{"HalfCauchy", "|C| scale for a standard Cauchy C, on [0, inf)",
                               ConstraintKind::Positive, kReparameterized};
  static constexpr Roles<1> roles{{{"scale", Domain::Positive, 1.0}}};
  static constexpr double log_two_over_pi = -0.4515827052894548;

  static auto log_density(const auto& x, const auto& scale) {
    return inside_support(
        x >= 0.0, -(x * inverse_of(scale)).square().log1p() - log_of(scale) + log_two_over_pi);
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& scale) {
    auto z = x * inverse_of(scale);
    if constexpr (I == 0)
      return zero_outside(x >= 0.0, -2.0 * z * inverse_of(scale) / (1.0 + z.square()));
    if constexpr (I == 1)
      return zero_outside(x >= 0.0, (z.square() - 1.0) / (1.0 + z.square()) * inverse_of(scale));
  }
  // Runs element by element in compiled tapes (fused_elementwise.h).
  static constexpr bool scalar_form = true;
};
using HalfCauchy = Elementwise<HalfCauchyFamily>;
extern template class Elementwise<HalfCauchyFamily>;  // in half_cauchy.cpp

}  // namespace ppl::dist
