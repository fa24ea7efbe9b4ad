#pragma once
// NegativeBinomial2(mean, concentration) = GammaPoisson(concentration,
// concentration / mean): mean mu, variance mu + mu^2 / concentration.
// Support 0, 1, 2, ...; values that are not counts have log mass -inf.
#include "dist/count_helpers.h"
#include "dist/distribution.h"
#include "dist/elementwise.h"
#include "dist/fused_elementwise.h"
#include "dist/gamma_poisson.h"

namespace ppl::dist {

// coefficient(k, phi) - phi log(1 + mu / phi) + k (log mu - log(mu + phi)).
struct NegativeBinomial2Family {
  static constexpr About about{"NegativeBinomial2",
                               "counts with mean `mean` and variance mean + mean^2 / concentration",
                               ConstraintKind::NonnegativeInteger, kNotReparameterized};
  static constexpr Roles<2> roles{
      {{"mean", Domain::Positive}, {"concentration", Domain::Positive}}};

  static auto log_density(const auto& x, const auto& mu, const auto& phi) {
    return detail::is_count(x).select(detail::log_nb_coefficients(x, phi) -
                                          phi * (mu / phi).log1p() +
                                          x * (log_of(mu) - (mu + phi).log()),
                                      -detail::kInfinity);
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& mu, const auto& phi) {
    if constexpr (I == 0) return Eigen::ArrayXd::Zero(x.size());  // counts: no derivative
    if constexpr (I == 1)
      return detail::is_count(x).select(x * inverse_of(mu) - (x + phi) / (mu + phi), 0.0);
    if constexpr (I == 2)
      return detail::is_count(x).select(
          detail::log_nb_coefficients_dc(x, phi) - (mu / phi).log1p() + (mu - x) / (mu + phi), 0.0);
  }
};
using NegativeBinomial2 = Elementwise<NegativeBinomial2Family>;
extern template class Elementwise<NegativeBinomial2Family>;  // in negative_binomial2.cpp

}  // namespace ppl::dist
