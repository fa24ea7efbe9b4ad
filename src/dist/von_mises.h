#pragma once
// VonMises(loc, concentration): density exp(k cos(x - loc)) / (2 pi I0(k)) on
// the circle [-pi, pi]. Draws are not reparameterized.
#include "dist/continuous_common.h"
#include "dist/elementwise.h"

namespace ppl::dist {

struct VonMisesFamily {
  static constexpr About about{"VonMises",
                               "density exp(k cos(x - loc)) / (2 pi I0(k)) on [-pi, pi]",
                               ConstraintKind::Circular, kNotReparameterized};
  static constexpr Roles<2> roles{{{"loc", Domain::Any}, {"concentration", Domain::Positive}}};
  static constexpr double log_two_pi = 1.8378770664093453;
  static constexpr double pi = 3.141592653589793;

  // log I0(k) - k, from the exponentially scaled Bessel function, so that
  // k cos(d) - log I0(k) = -2 k sin^2(d/2) - (log I0(k) - k) does not cancel
  // for large k.
  static double log_i0e(double k) { return std::log(special::modified_bessel_i0e(k)); }
  // 1 - I1(k) / I0(k).
  static double one_minus_bessel_ratio(double k) {
    return 1.0 - special::modified_bessel_i1e(k) / special::modified_bessel_i0e(k);
  }

  static auto log_density(const auto& x, const auto& loc, const auto& k) {
    return inside_support((x >= -pi) && (x <= pi), -2.0 * k * (0.5 * (x - loc)).sin().square() -
                                                       log_two_pi - apply_of(k, &log_i0e));
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& loc, const auto& k) {
    auto inside = (x >= -pi) && (x <= pi);
    if constexpr (I == 0) return zero_outside(inside, -k * (x - loc).sin());
    if constexpr (I == 1) return zero_outside(inside, k * (x - loc).sin());
    // cos(d) - I1(k) / I0(k)
    if constexpr (I == 2)
      return zero_outside(
          inside, apply_of(k, &one_minus_bessel_ratio) - 2.0 * (0.5 * (x - loc)).sin().square());
  }
};

// The circular variance 1 - I1(k) / I0(k) as one node, with derivative
// -(1 - A/k - A^2) for A = I1(k) / I0(k).
struct VonMisesCircularVarianceKernel {
  static constexpr size_t arity = 1;
  static double derivative(double k) {
    const double a = special::modified_bessel_i1e(k) / special::modified_bessel_i0e(k);
    return -(1.0 - a / k - a * a);
  }
  static auto log_density(const auto& k) {
    return apply_of(k, &VonMisesFamily::one_minus_bessel_ratio);
  }
  template <size_t I>
  static auto partial(const auto& k) {
    return apply_of(k, &derivative);
  }
};
using VonMises = Elementwise<VonMisesFamily>;
extern template class Elementwise<VonMisesFamily>;  // in von_mises.cpp

}  // namespace ppl::dist
