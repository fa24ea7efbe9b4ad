#pragma once
// Gumbel(loc, scale): the maximum-value Gumbel, CDF exp(-exp(-(x - loc) / scale)).
#include "dist/continuous_common.h"
#include "dist/elementwise.h"

namespace ppl::dist {

struct GumbelKernel {
  static constexpr size_t arity = 3;  // value, loc, scale

  template <class X, class L, class S>
  static auto log_density(const X& x, const L& loc, const S& scale) {
    auto z = (x - loc) * inverse_of(scale);
    return -z - (-z).exp() - log_of(scale);
  }
  // d log p / dz = exp(-z) - 1.
  template <size_t I, class X, class L, class S>
  static auto partial(const X& x, const L& loc, const S& scale) {
    auto z = (x - loc) * inverse_of(scale);
    if constexpr (I == 0) return ((-z).exp() - 1.0) * inverse_of(scale);
    if constexpr (I == 1) return (1.0 - (-z).exp()) * inverse_of(scale);
    if constexpr (I == 2) return (z * (1.0 - (-z).exp()) - 1.0) * inverse_of(scale);
  }
  // Runs element by element in compiled tapes (fused_elementwise.h).
  static constexpr bool scalar_form = true;
};

struct GumbelFamily : GumbelKernel {
  static constexpr About about{"Gumbel",
                               "the maximum-value Gumbel, CDF exp(-exp(-(x - loc) / scale))",
                               ConstraintKind::Real, kReparameterized};
  static constexpr Roles<2> roles{{{"loc", Domain::Finite, 0.0}, {"scale", Domain::Positive, 1.0}}};
};
using Gumbel = Elementwise<GumbelFamily>;
extern template class Elementwise<GumbelFamily>;  // in gumbel.cpp

}  // namespace ppl::dist
