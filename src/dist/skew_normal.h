#pragma once
// SkewNormal(loc, scale, alpha): density 2 / scale phi(z) Phi(alpha z) with
// z = (x - loc) / scale, Stan's skew_normal(xi, omega, alpha) and SciPy's
// skewnorm(a=alpha, loc, scale); alpha = 0 is Normal(loc, scale). Draws
// loc + scale (delta |u| + sqrt(1 - delta^2) v), delta = alpha /
// sqrt(1 + alpha^2), reparameterized.
#include "dist/continuous_common.h"
#include "dist/elementwise.h"

namespace ppl::dist {

struct SkewNormalFamily {
  static constexpr About about{"SkewNormal",
                               "density 2 / scale phi(z) Phi(alpha z), z = (x - loc) / scale",
                               ConstraintKind::Real, kReparameterized};
  static constexpr Roles<3> roles{{{"loc", Domain::Finite, 0.0},
                                   {"scale", Domain::Positive, 1.0},
                                   {"alpha", Domain::Finite, 0.0}}};

  static auto log_density(const auto& x, const auto& loc, const auto& scale, const auto& alpha) {
    const auto z = (x - loc) * inverse_of(scale);
    return kLogTwoOverSqrtTwoPi - log_of(scale) - 0.5 * z.square() +
           (alpha * z).unaryExpr(&special::log_ndtr);
  }
  // With m = phi(alpha z) / Phi(alpha z) (taken in logs): d/dz = -z + alpha m,
  // d/dalpha = z m.
  template <size_t I>
  static auto partial(const auto& x, const auto& loc, const auto& scale, const auto& alpha) {
    const auto z = (x - loc) * inverse_of(scale);
    const auto m =
        (-0.5 * (alpha * z).square() - kLogSqrtTwoPi - (alpha * z).unaryExpr(&special::log_ndtr))
            .exp();
    if constexpr (I == 0) return (alpha * m - z) * inverse_of(scale);
    if constexpr (I == 1) return (z - alpha * m) * inverse_of(scale);
    if constexpr (I == 2) return (-1.0 - z * (alpha * m - z)) * inverse_of(scale);
    if constexpr (I == 3) return z * m;
  }

 private:
  static constexpr double kLogSqrtTwoPi = 0.91893853320467274178;
  static constexpr double kLogTwoOverSqrtTwoPi = 0.69314718055994530942 - kLogSqrtTwoPi;
};
using SkewNormal = Elementwise<SkewNormalFamily>;
extern template class Elementwise<SkewNormalFamily>;  // in skew_normal.cpp

}  // namespace ppl::dist
