#pragma once
// Exponential(rate): density rate exp(-rate x) on [0, inf).
#include "dist/continuous_common.h"
#include "dist/elementwise.h"

namespace ppl::dist {

struct ExponentialKernel {
  static constexpr size_t arity = 2;  // value, rate

  template <class X, class R>
  static auto log_density(const X& x, const R& rate) {
    return inside_support(x >= 0.0, log_of(rate) - rate * x);
  }
  template <size_t I, class X, class R>
  static auto partial(const X& x, const R& rate) {
    if constexpr (I == 0) return zero_outside(x >= 0.0, -rate);
    if constexpr (I == 1) return zero_outside(x >= 0.0, inverse_of(rate) - x);
  }
};

struct ExponentialFamily {
  static constexpr const char* name = "Exponential";
  static constexpr const char* summary = "density rate exp(-rate x) on [0, inf)";
  static constexpr std::array<Role, 1> roles{{{"rate", Domain::Positive, 1.0}}};
  static constexpr ConstraintKind support = ConstraintKind::Positive;
  static constexpr bool reparameterized = true;
  using Kernel = ExponentialKernel;
  static ad::Var sample(const Elementwise<ExponentialFamily>& d, RandomKey key, const Shape& shape);
  static ad::Var mean(const Elementwise<ExponentialFamily>& d);
  static ad::Var variance(const Elementwise<ExponentialFamily>& d);
};

using Exponential = Elementwise<ExponentialFamily>;
// Instantiated once, in exponential.cpp.
extern template class Elementwise<ExponentialFamily>;

}  // namespace ppl::dist
