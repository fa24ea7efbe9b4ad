#pragma once
// Exponential(rate): density rate exp(-rate x) on [0, inf).
#include "dist/continuous_common.h"
#include "dist/elementwise.h"

namespace ppl::dist {

struct ExponentialFamily {
  static constexpr About about{"Exponential", "density rate exp(-rate x) on [0, inf)",
                               ConstraintKind::Positive, kReparameterized};
  static constexpr Roles<1> roles{{{"rate", Domain::Positive, 1.0}}};

  static auto log_density(const auto& x, const auto& rate) {
    return inside_support(x >= 0.0, log_of(rate) - rate * x);
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& rate) {
    if constexpr (I == 0) return zero_outside(x >= 0.0, -rate);
    if constexpr (I == 1) return zero_outside(x >= 0.0, inverse_of(rate) - x);
  }
  // Runs element by element in compiled tapes (fused_elementwise.h).
  static constexpr bool scalar_form = true;
};
using Exponential = Elementwise<ExponentialFamily>;
extern template class Elementwise<ExponentialFamily>;  // in exponential.cpp

}  // namespace ppl::dist
