#pragma once
// Cauchy(loc, scale). No mean or variance.
#include "dist/continuous_common.h"
#include "dist/elementwise.h"

namespace ppl::dist {

struct CauchyFamily {
  static constexpr About about{"Cauchy", "the Cauchy distribution; no mean or variance",
                               ConstraintKind::Real, kReparameterized};
  static constexpr Roles<2> roles{{{"loc", Domain::Finite, 0.0}, {"scale", Domain::Positive, 1.0}}};
  static constexpr double log_pi = 1.1447298858494002;

  static auto log_density(const auto& x, const auto& loc, const auto& scale) {
    return -((x - loc) * inverse_of(scale)).square().log1p() - log_of(scale) - log_pi;
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& loc, const auto& scale) {
    auto z = (x - loc) * inverse_of(scale);
    if constexpr (I == 0) return -2.0 * z * inverse_of(scale) / (1.0 + z.square());
    if constexpr (I == 1) return 2.0 * z * inverse_of(scale) / (1.0 + z.square());
    if constexpr (I == 2) return (z.square() - 1.0) / (1.0 + z.square()) * inverse_of(scale);
  }
  // Runs element by element in compiled tapes (fused_elementwise.h).
  static constexpr bool scalar_form = true;
};
using Cauchy = Elementwise<CauchyFamily>;
extern template class Elementwise<CauchyFamily>;  // in cauchy.cpp

}  // namespace ppl::dist
