#pragma once
// Logistic(loc, scale): CDF sigmoid((x - loc) / scale).
#include "dist/continuous_common.h"
#include "dist/elementwise.h"

namespace ppl::dist {

struct LogisticFamily {
  static constexpr About about{"Logistic", "CDF sigmoid((x - loc) / scale)", ConstraintKind::Real,
                               kReparameterized};
  static constexpr Roles<2> roles{{{"loc", Domain::Finite, 0.0}, {"scale", Domain::Positive, 1.0}}};

  // With z = (x - loc) / scale the density is symmetric in z, and
  // -|z| - 2 log(1 + exp(-|z|)) never overflows.
  static auto log_density(const auto& x, const auto& loc, const auto& scale) {
    auto abs_z = ((x - loc) * inverse_of(scale)).abs();
    return -abs_z - 2.0 * (-abs_z).exp().log1p() - log_of(scale);
  }
  // d log p / dz = -tanh(z / 2).
  template <size_t I>
  static auto partial(const auto& x, const auto& loc, const auto& scale) {
    auto z = (x - loc) * inverse_of(scale);
    if constexpr (I == 0) return -(0.5 * z).tanh() * inverse_of(scale);
    if constexpr (I == 1) return (0.5 * z).tanh() * inverse_of(scale);
    if constexpr (I == 2) return (z * (0.5 * z).tanh() - 1.0) * inverse_of(scale);
  }
  // Runs element by element in compiled tapes (fused_elementwise.h).
  static constexpr bool scalar_form = true;
};
using Logistic = Elementwise<LogisticFamily>;
extern template class Elementwise<LogisticFamily>;  // in logistic.cpp

}  // namespace ppl::dist
