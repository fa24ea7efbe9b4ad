#pragma once
// StudentT(df, loc, scale). Draws are not reparameterized (the chi-square
// draw depends on df).
#include "dist/continuous_common.h"
#include "dist/elementwise.h"

namespace ppl::dist {

struct StudentTFamily {
  static constexpr About about{"StudentT",
                               "Student's t with df degrees of freedom, shifted and scaled",
                               ConstraintKind::Real, kReparameterized};
  static constexpr Roles<3> roles{
      {{"df", Domain::Positive}, {"loc", Domain::Finite, 0.0}, {"scale", Domain::Positive, 1.0}}};

  // The terms of df alone: log Gamma((df+1)/2) - log Gamma(df/2) - log(pi df)/2
  // = -log B(df/2, 1/2) - log(df)/2, by the beta function, which keeps full
  // precision for large df where the two log-gammas would cancel.
  static double log_normalizer(double df) {
    return -special::lbeta(0.5 * df, 0.5) - 0.5 * std::log(df);
  }
  // Its derivative: (digamma((df+1)/2) - digamma(df/2) - 1/df) / 2.
  static double log_normalizer_derivative(double df) {
    return 0.5 * (special::digamma(0.5 * (df + 1.0)) - special::digamma(0.5 * df) - 1.0 / df);
  }

  static auto log_density(const auto& x, const auto& df, const auto& loc, const auto& scale) {
    auto z = (x - loc) * inverse_of(scale);
    return apply_of(df, &log_normalizer) - log_of(scale) -
           0.5 * (df + 1.0) * (z.square() * inverse_of(df)).log1p();
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& df, const auto& loc, const auto& scale) {
    auto z = (x - loc) * inverse_of(scale);
    if constexpr (I == 0) return -(df + 1.0) * z * inverse_of(scale) / (df + z.square());
    if constexpr (I == 1)
      return apply_of(df, &log_normalizer_derivative) -
             0.5 * (z.square() * inverse_of(df)).log1p() +
             0.5 * (df + 1.0) * z.square() * inverse_of(df) / (df + z.square());
    if constexpr (I == 2) return (df + 1.0) * z * inverse_of(scale) / (df + z.square());
    if constexpr (I == 3)
      return ((df + 1.0) * z.square() / (df + z.square()) - 1.0) * inverse_of(scale);
  }
  // Runs element by element in compiled tapes (fused_elementwise.h).
  static constexpr bool scalar_form = true;
};
using StudentT = Elementwise<StudentTFamily>;
extern template class Elementwise<StudentTFamily>;  // in student_t.cpp

}  // namespace ppl::dist
