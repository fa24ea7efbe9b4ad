#pragma once
// Gumbel(loc, scale): the maximum-value Gumbel, CDF exp(-exp(-(x - loc) / scale)).
#include "dist/continuous_common.h"
#include "dist/elementwise.h"

namespace ppl::dist {

struct GumbelFamily {
  static constexpr About about{"Gumbel",
                               "the maximum-value Gumbel, CDF exp(-exp(-(x - loc) / scale))",
                               ConstraintKind::Real, kReparameterized};
  static constexpr Roles<2> roles{{{"loc", Domain::Finite, 0.0}, {"scale", Domain::Positive, 1.0}}};

  static auto log_density(const auto& x, const auto& loc, const auto& scale) {
    auto z = (x - loc) * inverse_of(scale);
    return -z - (-z).exp() - log_of(scale);
  }
  // d log p / dz = exp(-z) - 1.
  template <size_t I>
  static auto partial(const auto& x, const auto& loc, const auto& scale) {
    auto z = (x - loc) * inverse_of(scale);
    if constexpr (I == 0) return ((-z).exp() - 1.0) * inverse_of(scale);
    if constexpr (I == 1) return (1.0 - (-z).exp()) * inverse_of(scale);
    if constexpr (I == 2) return (z * (1.0 - (-z).exp()) - 1.0) * inverse_of(scale);
  }
  // Runs element by element in compiled tapes (fused_elementwise.h).
  static constexpr bool scalar_form = true;
};
using Gumbel = Elementwise<GumbelFamily>;
extern template class Elementwise<GumbelFamily>;  // in gumbel.cpp

}  // namespace ppl::dist
