#pragma once
// Kumaraswamy(concentration1, concentration0): density
// a b x^(a-1) (1 - x^a)^(b-1) on [0, 1], NumPyro's parameterization (a =
// concentration1, b = concentration0); CDF 1 - (1 - x^a)^b, so draws by
// inversion are reparameterized.
#include "dist/continuous_common.h"
#include "dist/elementwise.h"

namespace ppl::dist {

struct KumaraswamyFamily {
  static constexpr About about{"Kumaraswamy", "density a b x^(a-1) (1 - x^a)^(b-1) on [0, 1]",
                               ConstraintKind::UnitInterval, kReparameterized};
  static constexpr Roles<2> roles{
      {{"concentration1", Domain::Positive}, {"concentration0", Domain::Positive}}};

  static auto log_density(const auto& x, const auto& a, const auto& b) {
    return inside_support((x >= 0.0) && (x <= 1.0),
                          log_of(a) + log_of(b) + times_unless_zero(a - 1.0, log_of(x)) +
                              times_unless_zero(b - 1.0, (-x.pow(a)).log1p()));
  }
  // With t = x^a: d/dx = (a - 1) / x - (b - 1) a t / (x (1 - t)),
  // d/da = 1 / a + log x (1 - (b - 1) t / (1 - t)), d/db = 1 / b + log(1 - t).
  template <size_t I>
  static auto partial(const auto& x, const auto& a, const auto& b) {
    const auto inside = (x > 0.0) && (x < 1.0);
    const auto t = x.pow(a);
    if constexpr (I == 0)
      return zero_outside(inside, ((a - 1.0) - (b - 1.0) * a * t / (1.0 - t)) / x);
    if constexpr (I == 1)
      return zero_outside(inside, inverse_of(a) + log_of(x) * (1.0 - (b - 1.0) * t / (1.0 - t)));
    if constexpr (I == 2) return zero_outside(inside, inverse_of(b) + (-t).log1p());
  }
};
using Kumaraswamy = Elementwise<KumaraswamyFamily>;
extern template class Elementwise<KumaraswamyFamily>;  // in kumaraswamy.cpp

}  // namespace ppl::dist
