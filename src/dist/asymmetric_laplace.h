#pragma once
// AsymmetricLaplace(loc, scale, asymmetry): with left scale L = scale k and
// right scale R = scale / k (k the asymmetry), density
// exp((x - loc) / L) / (L + R) below loc and exp(-(x - loc) / R) / (L + R)
// above, NumPyro's parameterization; draws by inversion, reparameterized.
#include "dist/continuous_common.h"
#include "dist/elementwise.h"

namespace ppl::dist {

struct AsymmetricLaplaceFamily {
  static constexpr About about{"AsymmetricLaplace",
                               "a Laplace with left scale scale * asymmetry and right scale "
                               "scale / asymmetry",
                               ConstraintKind::Real, kReparameterized};
  static constexpr Roles<3> roles{{{"loc", Domain::Finite, 0.0},
                                   {"scale", Domain::Positive, 1.0},
                                   {"asymmetry", Domain::Positive, 1.0}}};

  static auto log_density(const auto& x, const auto& loc, const auto& s, const auto& k) {
    const auto z = x - loc;
    return (z < 0.0).select(z * inverse_of(s * k), -z * k * inverse_of(s)) - log_of(s) -
           (k + inverse_of(k)).log();
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& loc, const auto& s, const auto& k) {
    const auto z = x - loc;
    const auto below = z < 0.0;
    // d/dz: 1 / L below loc, -1 / R above.
    if constexpr (I == 0) return below.select(inverse_of(s * k), -k * inverse_of(s));
    if constexpr (I == 1) return below.select(-inverse_of(s * k), k * inverse_of(s));
    // d/ds: (|z| / side - 1) / s with side L or R.
    if constexpr (I == 2)
      return (below.select(-z * inverse_of(s * k), z * k * inverse_of(s)) - 1.0) * inverse_of(s);
    // d/dk: |z| / (s k^2) below, -z / s above, less d/dk log(k + 1/k).
    if constexpr (I == 3)
      return below.select(-z * inverse_of(s * k * k), -z * inverse_of(s)) -
             (k * k - 1.0) / (k * (k * k + 1.0));
  }
};
using AsymmetricLaplace = Elementwise<AsymmetricLaplaceFamily>;
extern template class Elementwise<AsymmetricLaplaceFamily>;  // in asymmetric_laplace.cpp

}  // namespace ppl::dist
