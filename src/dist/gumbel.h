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
};

struct GumbelFamily {
  static constexpr const char* name = "Gumbel";
  static constexpr const char* summary = "the maximum-value Gumbel, CDF exp(-exp(-(x - loc) / scale))";
  static constexpr std::array<Role, 2> roles{
      {{"loc", Domain::Finite, 0.0}, {"scale", Domain::Positive, 1.0}}};
  static constexpr ConstraintKind support = ConstraintKind::Real;
  static constexpr bool reparameterized = true;
  using Kernel = GumbelKernel;
  static ad::Var sample(const Elementwise<GumbelFamily>& d, RandomKey key, const Shape& shape);
  static ad::Var mean(const Elementwise<GumbelFamily>& d);
  static ad::Var variance(const Elementwise<GumbelFamily>& d);
};

using Gumbel = Elementwise<GumbelFamily>;
// Instantiated once, in gumbel.cpp.
extern template class Elementwise<GumbelFamily>;

}  // namespace ppl::dist
