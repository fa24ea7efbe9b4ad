#pragma once
// Cauchy(loc, scale). No mean or variance.
#include "dist/continuous_common.h"
#include "dist/elementwise.h"

namespace ppl::dist {

struct CauchyKernel {
  static constexpr size_t arity = 3;  // value, loc, scale
  static constexpr double log_pi = 1.1447298858494002;

  template <class X, class L, class S>
  static auto log_density(const X& x, const L& loc, const S& scale) {
    return -((x - loc) * inverse_of(scale)).square().log1p() - log_of(scale) - log_pi;
  }
  template <size_t I, class X, class L, class S>
  static auto partial(const X& x, const L& loc, const S& scale) {
    auto z = (x - loc) * inverse_of(scale);
    if constexpr (I == 0) return -2.0 * z * inverse_of(scale) / (1.0 + z.square());
    if constexpr (I == 1) return 2.0 * z * inverse_of(scale) / (1.0 + z.square());
    if constexpr (I == 2) return (z.square() - 1.0) / (1.0 + z.square()) * inverse_of(scale);
  }
  // Runs element by element in compiled tapes (fused_elementwise.h).
  static constexpr bool scalar_form = true;
};

struct CauchyFamily : CauchyKernel {
  static constexpr About about{"Cauchy", "the Cauchy distribution; no mean or variance",
                               ConstraintKind::Real, kReparameterized};
  static constexpr Roles<2> roles{{{"loc", Domain::Finite, 0.0}, {"scale", Domain::Positive, 1.0}}};
};
using Cauchy = Elementwise<CauchyFamily>;
extern template class Elementwise<CauchyFamily>;  // in cauchy.cpp

}  // namespace ppl::dist
