#pragma once
// Weibull(scale, concentration), NumPyro's order: CDF 1 - exp(-(x / scale)^k)
// on [0, inf), k the concentration.
#include "dist/continuous_common.h"
#include "dist/elementwise.h"

namespace ppl::dist {

struct WeibullFamily {
  static constexpr About about{"Weibull", "CDF 1 - exp(-(x / scale)^concentration) on [0, inf)",
                               ConstraintKind::Positive, kReparameterized};
  static constexpr Roles<2> roles{
      {{"scale", Domain::Positive}, {"concentration", Domain::Positive}}};

  static auto log_density(const auto& x, const auto& scale, const auto& k) {
    auto log_t = log_of(x) - log_of(scale);  // log(x / scale)
    return inside_support(x >= 0.0, log_of(k) - log_of(scale) + times_unless_zero(k - 1.0, log_t) -
                                        (k * log_t).exp());
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& scale, const auto& k) {
    auto log_t = log_of(x) - log_of(scale);
    auto t_k = (k * log_t).exp();  // (x / scale)^k
    if constexpr (I == 0) return zero_outside(x > 0.0, ((k - 1.0) - k * t_k) * inverse_of(x));
    if constexpr (I == 1) return zero_outside(x >= 0.0, k * (t_k - 1.0) * inverse_of(scale));
    if constexpr (I == 2) return zero_outside(x > 0.0, inverse_of(k) + log_t * (1.0 - t_k));
  }
  // Runs element by element in compiled tapes (fused_elementwise.h).
  static constexpr bool scalar_form = true;
};
using Weibull = Elementwise<WeibullFamily>;
extern template class Elementwise<WeibullFamily>;  // in weibull.cpp

}  // namespace ppl::dist
