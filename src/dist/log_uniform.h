#pragma once
// LogUniform(low, high): log x uniform on [log low, log high], density
// 1 / (x log(high / low)) on [low, high], as NumPyro's; draws
// low (high / low)^U, reparameterized.
#include "dist/continuous_common.h"
#include "dist/elementwise.h"

namespace ppl::dist {

struct LogUniformFamily {
  static constexpr About about{"LogUniform", "log x uniform between log low and log high",
                               ConstraintKind::Interval, kReparameterized};
  static constexpr Roles<2> roles{{{"low", Domain::Positive}, {"high", Domain::Positive}}};
  // high > low, checked again on every replay of the tape.
  static void check(const Elementwise<LogUniformFamily>& d);
  static Constraint support_of(const Elementwise<LogUniformFamily>& d);

  static double log_ratio(double high, double low) { return std::log(high / low); }

  static auto log_density(const auto& x, const auto& low, const auto& high) {
    return inside_support((x >= low) && (x <= high),
                          -log_of(x) - log_of(apply_of(high, low, &log_ratio)));
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& low, const auto& high) {
    auto inside = (x >= low) && (x <= high);
    if constexpr (I == 0) return zero_outside(inside, -inverse_of(x));
    if constexpr (I == 1)
      return zero_outside(inside, inverse_of(low) * inverse_of(apply_of(high, low, &log_ratio)));
    if constexpr (I == 2)
      return zero_outside(inside, -inverse_of(high) * inverse_of(apply_of(high, low, &log_ratio)));
  }
};
using LogUniform = Elementwise<LogUniformFamily>;
extern template class Elementwise<LogUniformFamily>;  // in log_uniform.cpp

}  // namespace ppl::dist
