#pragma once
// Poisson(rate) on 0, 1, 2, ...; values that are not counts have log mass -inf.
#include "dist/count_helpers.h"
#include "dist/distribution.h"
#include "dist/elementwise.h"
#include "dist/fused_elementwise.h"

namespace ppl::dist {

// k log(rate) - rate - log k!
struct PoissonFamily {
  static constexpr About about{"Poisson", "counts with mean rate",
                               ConstraintKind::NonnegativeInteger, kNotReparameterized};
  static constexpr Roles<1> roles{{{"rate", Domain::Positive}}};
  static ad::Var log_prob_sum(const Elementwise<PoissonFamily>& d, ad::Var value);

  static auto log_density(const auto& x, const auto& rate) {
    return detail::is_count(x).select(
        x * log_of(rate) - rate - (x + 1.0).unaryExpr(&special::lgamma), -detail::kInfinity);
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& rate) {
    if constexpr (I == 0) return Eigen::ArrayXd::Zero(x.size());  // counts: no derivative
    if constexpr (I == 1) return detail::is_count(x).select(x * inverse_of(rate) - 1.0, 0.0);
  }
  // Runs element by element in compiled tapes (fused_elementwise.h).
  static constexpr bool scalar_form = true;
};

// The terms of the Poisson log density that involve the rate; the rest,
// -log(x!) and the -inf off the counts, depends on the value alone.
struct PoissonRateTermsKernel {
  static constexpr size_t arity = 2;  // value, rate

  // Off the counts the value terms are -inf already, so no test here.
  static auto log_density(const auto& x, const auto& rate) {
    return x * log_of(rate) - rate;
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& rate) {
    if constexpr (I == 0) return Eigen::ArrayXd::Zero(x.size());
    if constexpr (I == 1) return x * inverse_of(rate) - 1.0;
  }
  // Runs element by element in compiled tapes (fused_elementwise.h).
  static constexpr bool scalar_form = true;
};
using Poisson = Elementwise<PoissonFamily>;
extern template class Elementwise<PoissonFamily>;  // in poisson.cpp

}  // namespace ppl::dist
