#pragma once
// Weibull(scale, concentration), NumPyro's order: CDF 1 - exp(-(x / scale)^k)
// on [0, inf), k the concentration.
#include "dist/continuous_common.h"
#include "dist/elementwise.h"

namespace ppl::dist {

struct WeibullKernel {
  static constexpr size_t arity = 3;  // value, scale, concentration

  template <class X, class S, class K>
  static auto log_density(const X& x, const S& scale, const K& k) {
    auto log_t = log_of(x) - log_of(scale);  // log(x / scale)
    return inside_support(x >= 0.0, log_of(k) - log_of(scale) + times_unless_zero(k - 1.0, log_t) -
                                        (k * log_t).exp());
  }
  template <size_t I, class X, class S, class K>
  static auto partial(const X& x, const S& scale, const K& k) {
    auto log_t = log_of(x) - log_of(scale);
    auto t_k = (k * log_t).exp();  // (x / scale)^k
    if constexpr (I == 0) return zero_outside(x > 0.0, ((k - 1.0) - k * t_k) * inverse_of(x));
    if constexpr (I == 1) return zero_outside(x >= 0.0, k * (t_k - 1.0) * inverse_of(scale));
    if constexpr (I == 2) return zero_outside(x > 0.0, inverse_of(k) + log_t * (1.0 - t_k));
  }
};

struct WeibullFamily {
  static constexpr const char* name = "Weibull";
  static constexpr const char* summary = "CDF 1 - exp(-(x / scale)^concentration) on [0, inf)";
  static constexpr std::array<Role, 2> roles{
      {{"scale", Domain::Positive}, {"concentration", Domain::Positive}}};
  static constexpr ConstraintKind support = ConstraintKind::Positive;
  static constexpr bool reparameterized = true;
  using Kernel = WeibullKernel;
  static ad::Var sample(const Elementwise<WeibullFamily>& d, RandomKey key, const Shape& shape);
  static ad::Var mean(const Elementwise<WeibullFamily>& d);
  static ad::Var variance(const Elementwise<WeibullFamily>& d);
};

using Weibull = Elementwise<WeibullFamily>;
// Instantiated once, in weibull.cpp.
extern template class Elementwise<WeibullFamily>;

}  // namespace ppl::dist
