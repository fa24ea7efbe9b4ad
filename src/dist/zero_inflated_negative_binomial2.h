#pragma once
// ZeroInflatedNegativeBinomial2(mean, concentration, gate): 0 with
// probability gate, else a NegativeBinomial2(mean, concentration) draw,
// NumPyro's parameterization (gate given as a probability). Values that are
// not counts have log mass -inf.
#include "dist/negative_binomial2.h"

namespace ppl::dist {

// k = 0: log(g + (1 - g) p0), p0 = (1 + mu / phi)^-phi the NegativeBinomial2's
// mass at 0; k > 0: log(1 - g) + the NegativeBinomial2's log mass.
struct ZeroInflatedNegativeBinomial2Family {
  static constexpr About about{
      "ZeroInflatedNegativeBinomial2",
      "0 with probability gate, else a NegativeBinomial2(mean, concentration) draw",
      ConstraintKind::NonnegativeInteger, kNotReparameterized};
  static constexpr Roles<3> roles{{{"mean", Domain::Positive},
                                   {"concentration", Domain::Positive},
                                   {"gate", Domain::UnitInterval}}};

  static auto log_density(const auto& x, const auto& mu, const auto& phi, const auto& g) {
    return (x == 0.0).select((g + (1.0 - g) * zero_mass(mu, phi)).log(),
                             (-g).log1p() + NegativeBinomial2Family::log_density(x, mu, phi));
  }
  // At 0 the derivative of log(g + (1 - g) p0) takes p0's share:
  // (1 - g) p0 d(log p0) / (g + (1 - g) p0), with d(log p0)/d mu = -phi / (mu + phi)
  // and d(log p0)/d phi = mu / (mu + phi) - log(1 + mu / phi).
  template <size_t I>
  static auto partial(const auto& x, const auto& mu, const auto& phi, const auto& g) {
    const auto p0 = zero_mass(mu, phi);
    const auto zero_share = (1.0 - g) * p0 / (g + (1.0 - g) * p0);
    if constexpr (I == 0) return Eigen::ArrayXd::Zero(x.size());  // counts: no derivative
    if constexpr (I == 1)
      return (x == 0.0).select(zero_share * (-phi / (mu + phi)),
                               NegativeBinomial2Family::partial<1>(x, mu, phi));
    if constexpr (I == 2)
      return (x == 0.0).select(zero_share * (mu / (mu + phi) - (mu / phi).log1p()),
                               NegativeBinomial2Family::partial<2>(x, mu, phi));
    if constexpr (I == 3)
      return (x == 0.0).select((1.0 - p0) / (g + (1.0 - g) * p0),
                               detail::is_count(x).select(-(1.0 - g).inverse(), 0.0));
  }

 private:
  static auto zero_mass(const auto& mu, const auto& phi) {
    return (-phi * (mu / phi).log1p()).exp();
  }
};
using ZeroInflatedNegativeBinomial2 = Elementwise<ZeroInflatedNegativeBinomial2Family>;
// in zero_inflated_negative_binomial2.cpp
extern template class Elementwise<ZeroInflatedNegativeBinomial2Family>;

}  // namespace ppl::dist
