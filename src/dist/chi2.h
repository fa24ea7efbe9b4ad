#pragma once
// Chi2(df): the chi-square distribution, Gamma(df / 2, rate 1/2), as
// NumPyro's; draws reparameterized implicitly, as Gamma's.
#include "dist/continuous_common.h"
#include "dist/elementwise.h"
#include "dist/gamma.h"

namespace ppl::dist {

struct Chi2Family {
  static constexpr About about{"Chi2", "the chi-square distribution with df degrees of freedom",
                               ConstraintKind::Positive, kReparameterized};
  static constexpr Roles<1> roles{{{"df", Domain::Positive}}};

  static auto log_density(const auto& x, const auto& df) {
    return GammaFamily::log_density(x, 0.5 * df, half(df));
  }
  // d/d df is half the Gamma's derivative in its concentration.
  template <size_t I>
  static auto partial(const auto& x, const auto& df) {
    if constexpr (I == 0) return GammaFamily::partial<0>(x, 0.5 * df, half(df));
    if constexpr (I == 1) return 0.5 * GammaFamily::partial<1>(x, 0.5 * df, half(df));
  }

 private:
  template <class K>
  static ConstantExpression half(const K& df) {
    return Eigen::ArrayXd::Constant(df.size(), 0.5);
  }
};
using Chi2 = Elementwise<Chi2Family>;
extern template class Elementwise<Chi2Family>;  // in chi2.cpp

}  // namespace ppl::dist
