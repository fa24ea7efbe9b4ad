#pragma once
// DiscreteUniform(low, high): each integer low, low + 1, ..., high with mass
// 1 / (high - low + 1), NumPyro's; other values have log mass -inf.
#include "dist/continuous_common.h"
#include "dist/elementwise.h"

namespace ppl::dist {

struct DiscreteUniformFamily {
  static constexpr About about{"DiscreteUniform", "each integer of low..high equally likely",
                               ConstraintKind::IntegerInterval, kNotReparameterized};
  static constexpr Roles<2> roles{{{"low", Domain::Finite, 0.0}, {"high", Domain::Finite, 1.0}}};
  // low and high integers with low <= high; the support is low..high.
  static void check(const Elementwise<DiscreteUniformFamily>& d);
  static Constraint support_of(const Elementwise<DiscreteUniformFamily>& d);

  static auto log_density(const auto& x, const auto& low, const auto& high) {
    return inside_support((x == x.floor()) && (x >= low) && (x <= high), -log_of(high - low + 1.0));
  }
  // Integers: no derivative in the value or the ends.
  template <size_t I, class X, class L, class H>
  static auto partial(const X& x, const L&, const H&) {
    return Eigen::ArrayXd::Zero(x.size());
  }
};
using DiscreteUniform = Elementwise<DiscreteUniformFamily>;
extern template class Elementwise<DiscreteUniformFamily>;  // in discrete_uniform.cpp

}  // namespace ppl::dist
