#pragma once
// GammaPoisson(concentration, rate): Poisson(lambda) with lambda ~
// Gamma(concentration, rate), a negative binomial on 0, 1, 2, ...; values
// that are not counts have log mass -inf.
#include "dist/count_helpers.h"
#include "dist/distribution.h"
#include "dist/elementwise.h"
#include "dist/fused_elementwise.h"

namespace ppl::dist {

namespace detail {

template <class X, class C>
auto log_nb_coefficients(const X& x, const C& c) {
  return x.binaryExpr(
      c, [](double k, double conc) { return log_negative_binomial_coefficient(k, conc); });
}
template <class X, class C>
auto log_nb_coefficients_dc(const X& x, const C& c) {
  return x.binaryExpr(
      c, [](double k, double conc) { return negative_binomial_coefficient_dc(k, conc); });
}

}  // namespace detail

// log[Gamma(k + c) / (Gamma(c) k!)] + c log r - (c + k) log(1 + r).
struct GammaPoissonFamily {
  static constexpr About about{"GammaPoisson",
                               "Poisson(lambda) with lambda ~ Gamma(concentration, rate)",
                               ConstraintKind::NonnegativeInteger, kNotReparameterized};
  static constexpr Roles<2> roles{
      {{"concentration", Domain::Positive}, {"rate", Domain::Positive, 1.0}}};

  static auto log_density(const auto& x, const auto& c, const auto& r) {
    return detail::is_count(x).select(
        detail::log_nb_coefficients(x, c) + c * log_of(r) - (c + x) * r.log1p(),
        -detail::kInfinity);
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& c, const auto& r) {
    if constexpr (I == 0) return Eigen::ArrayXd::Zero(x.size());  // counts: no derivative
    if constexpr (I == 1)
      return detail::is_count(x).select(
          detail::log_nb_coefficients_dc(x, c) + log_of(r) - r.log1p(), 0.0);
    if constexpr (I == 2)
      return detail::is_count(x).select(c * inverse_of(r) - (c + x) / (1.0 + r), 0.0);
  }
};
using GammaPoisson = Elementwise<GammaPoissonFamily>;
extern template class Elementwise<GammaPoissonFamily>;  // in gamma_poisson.cpp

}  // namespace ppl::dist
