#pragma once
// Laplace(loc, scale): density exp(-|x - loc| / scale) / (2 scale).
#include "dist/continuous_common.h"
#include "dist/elementwise.h"

namespace ppl::dist {

struct LaplaceKernel {
  static constexpr size_t arity = 3;  // value, loc, scale
  static constexpr double log_two = 0.6931471805599453;

  template <class X, class L, class S>
  static auto log_density(const X& x, const L& loc, const S& scale) {
    return -(x - loc).abs() * inverse_of(scale) - log_of(scale) - log_two;
  }
  template <size_t I, class X, class L, class S>
  static auto partial(const X& x, const L& loc, const S& scale) {
    if constexpr (I == 0) return -(x - loc).sign() * inverse_of(scale);
    if constexpr (I == 1) return (x - loc).sign() * inverse_of(scale);
    if constexpr (I == 2) return ((x - loc).abs() * inverse_of(scale) - 1.0) * inverse_of(scale);
  }
};

struct LaplaceFamily {
  static constexpr const char* name = "Laplace";
  static constexpr const char* summary = "density exp(-|x - loc| / scale) / (2 scale)";
  static constexpr std::array<Role, 2> roles{
      {{"loc", Domain::Finite, 0.0}, {"scale", Domain::Positive, 1.0}}};
  static constexpr ConstraintKind support = ConstraintKind::Real;
  static constexpr bool reparameterized = true;
  using Kernel = LaplaceKernel;
  static ad::Var sample(const Elementwise<LaplaceFamily>& d, RandomKey key, const Shape& shape);
  static ad::Var mean(const Elementwise<LaplaceFamily>& d);
  static ad::Var variance(const Elementwise<LaplaceFamily>& d);
};

using Laplace = Elementwise<LaplaceFamily>;
// Instantiated once, in laplace.cpp.
extern template class Elementwise<LaplaceFamily>;

}  // namespace ppl::dist
