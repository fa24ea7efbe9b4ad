#pragma once
// ZeroInflatedPoisson(gate, rate): 0 with probability gate, else a
// Poisson(rate) draw. Values that are not counts have log mass -inf.
#include "dist/count_helpers.h"
#include "dist/distribution.h"
#include "dist/elementwise.h"
#include "dist/fused_elementwise.h"

namespace ppl::dist {

// k = 0: log(g + (1 - g) e^-r); k > 0: log(1 - g) + k log r - r - log k!.
struct ZeroInflatedPoissonFamily {
  static constexpr About about{"ZeroInflatedPoisson",
                               "0 with probability gate, else a Poisson(rate) draw",
                               ConstraintKind::NonnegativeInteger, kNotReparameterized};
  static constexpr Roles<2> roles{{{"gate", Domain::UnitInterval}, {"rate", Domain::Positive}}};

  static auto log_density(const auto& x, const auto& g, const auto& r) {
    return detail::is_count(x).select(
        (x == 0.0).select((g + (1.0 - g) * (-r).exp()).log(),
                          (-g).log1p() + x * log_of(r) - r - (x + 1.0).unaryExpr(&special::lgamma)),
        -detail::kInfinity);
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& g, const auto& r) {
    if constexpr (I == 0) return Eigen::ArrayXd::Zero(x.size());  // counts: no derivative
    if constexpr (I == 1)
      return detail::is_count(x).select(
          (x == 0.0).select((1.0 - (-r).exp()) / (g + (1.0 - g) * (-r).exp()),
                            -(1.0 - g).inverse()),
          0.0);
    if constexpr (I == 2)
      return detail::is_count(x).select(
          (x == 0.0).select(-(1.0 - g) * (-r).exp() / (g + (1.0 - g) * (-r).exp()),
                            x * inverse_of(r) - 1.0),
          0.0);
  }
};
using ZeroInflatedPoisson = Elementwise<ZeroInflatedPoissonFamily>;
extern template class Elementwise<ZeroInflatedPoissonFamily>;  // in zero_inflated_poisson.cpp

}  // namespace ppl::dist
