#pragma once
// LogNormal(loc, scale): exp(loc + scale Z) for a standard normal Z.
#include "dist/continuous_common.h"
#include "dist/elementwise.h"

namespace ppl::dist {

struct LogNormalKernel {
  static constexpr size_t arity = 3;  // value, loc, scale
  static constexpr double half_log_two_pi = 0.9189385332046727;

  template <class X, class L, class S>
  static auto log_density(const X& x, const L& loc, const S& scale) {
    return inside_support(x > 0.0, -0.5 * ((log_of(x) - loc) * inverse_of(scale)).square() -
                                       log_of(scale) - half_log_two_pi - log_of(x));
  }
  template <size_t I, class X, class L, class S>
  static auto partial(const X& x, const L& loc, const S& scale) {
    auto z = (log_of(x) - loc) * inverse_of(scale);
    if constexpr (I == 0)
      return zero_outside(x > 0.0, -(z * inverse_of(scale) + 1.0) * inverse_of(x));
    if constexpr (I == 1) return zero_outside(x > 0.0, z * inverse_of(scale));
    if constexpr (I == 2) return zero_outside(x > 0.0, (z.square() - 1.0) * inverse_of(scale));
  }
};

struct LogNormalFamily {
  static constexpr const char* name = "LogNormal";
  static constexpr const char* summary = "exp(loc + scale Z) for a standard normal Z";
  static constexpr std::array<Role, 2> roles{
      {{"loc", Domain::Finite, 0.0}, {"scale", Domain::Positive, 1.0}}};
  static constexpr ConstraintKind support = ConstraintKind::Positive;
  static constexpr bool reparameterized = true;
  using Kernel = LogNormalKernel;
  static ad::Var sample(const Elementwise<LogNormalFamily>& d, RandomKey key, const Shape& shape);
  static ad::Var mean(const Elementwise<LogNormalFamily>& d);
  static ad::Var variance(const Elementwise<LogNormalFamily>& d);
};

using LogNormal = Elementwise<LogNormalFamily>;
// Instantiated once, in log_normal.cpp.
extern template class Elementwise<LogNormalFamily>;

}  // namespace ppl::dist
