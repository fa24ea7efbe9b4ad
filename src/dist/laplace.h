#pragma once
// Laplace(loc, scale): density exp(-|x - loc| / scale) / (2 scale).
#include "dist/continuous_common.h"
#include "dist/elementwise.h"

namespace ppl::dist {

struct LaplaceFamily {
  static constexpr About about{"Laplace", "density exp(-|x - loc| / scale) / (2 scale)",
                               ConstraintKind::Real, kReparameterized};
  static constexpr Roles<2> roles{{{"loc", Domain::Finite, 0.0}, {"scale", Domain::Positive, 1.0}}};
  static constexpr double log_two = 0.6931471805599453;

  static auto log_density(const auto& x, const auto& loc, const auto& scale) {
    return -(x - loc).abs() * inverse_of(scale) - log_of(scale) - log_two;
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& loc, const auto& scale) {
    if constexpr (I == 0) return -(x - loc).sign() * inverse_of(scale);
    if constexpr (I == 1) return (x - loc).sign() * inverse_of(scale);
    if constexpr (I == 2) return ((x - loc).abs() * inverse_of(scale) - 1.0) * inverse_of(scale);
  }
  // Runs element by element in compiled tapes (fused_elementwise.h).
  static constexpr bool scalar_form = true;
};
using Laplace = Elementwise<LaplaceFamily>;
extern template class Elementwise<LaplaceFamily>;  // in laplace.cpp

}  // namespace ppl::dist
