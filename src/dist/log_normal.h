#pragma once
// LogNormal(loc, scale): exp(loc + scale Z) for a standard normal Z.
#include "dist/continuous_common.h"
#include "dist/elementwise.h"

namespace ppl::dist {

struct LogNormalFamily {
  static constexpr About about{"LogNormal", "exp(loc + scale Z) for a standard normal Z",
                               ConstraintKind::Positive, kReparameterized};
  static constexpr Roles<2> roles{{{"loc", Domain::Finite, 0.0}, {"scale", Domain::Positive, 1.0}}};
  static constexpr double half_log_two_pi = 0.9189385332046727;

  static auto log_density(const auto& x, const auto& loc, const auto& scale) {
    return inside_support(x > 0.0, -0.5 * ((log_of(x) - loc) * inverse_of(scale)).square() -
                                       log_of(scale) - half_log_two_pi - log_of(x));
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& loc, const auto& scale) {
    auto z = (log_of(x) - loc) * inverse_of(scale);
    if constexpr (I == 0)
      return zero_outside(x > 0.0, -(z * inverse_of(scale) + 1.0) * inverse_of(x));
    if constexpr (I == 1) return zero_outside(x > 0.0, z * inverse_of(scale));
    if constexpr (I == 2) return zero_outside(x > 0.0, (z.square() - 1.0) * inverse_of(scale));
  }
  // Runs element by element in compiled tapes (fused_elementwise.h).
  static constexpr bool scalar_form = true;
};
using LogNormal = Elementwise<LogNormalFamily>;
extern template class Elementwise<LogNormalFamily>;  // in log_normal.cpp

}  // namespace ppl::dist
