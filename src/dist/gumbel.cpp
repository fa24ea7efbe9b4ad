#include "dist/gumbel.h"

#include "ad/ops.h"
#include "dist/elementwise_methods.h"
#include "dist/location_scale.h"

namespace ppl::dist {

ad::Var draw(const Gumbel& d, RandomKey key, const Shape& shape) {
  return location_scale_draw(d, key, shape, GumbelSampler(0.0, 1.0));
}

// loc + scale * (Euler's gamma); pi^2 scale^2 / 6.
ad::Var mean_of(const Gumbel& d) {
  constexpr double euler_gamma = 0.5772156649015329;
  return d.parameter("loc") + euler_gamma * d.parameter("scale");
}

ad::Var variance_of(const Gumbel& d) {
  constexpr double pi_squared_over_six = 1.6449340668482264;
  return pi_squared_over_six * ad::square(d.parameter("scale"));
}

// F(x) = exp(-exp(-z)).
ad::Var log_cdf_of(const Gumbel& d, ad::Var x) { return -ad::exp(-standardized(d, x)); }
ad::Var cdf_of(const Gumbel& d, ad::Var x) { return ad::exp(log_cdf_of(d, x)); }
ad::Var log_survival_of(const Gumbel& d, ad::Var x) { return ad::log1mexp(log_cdf_of(d, x)); }
ad::Var icdf_of(const Gumbel& d, ad::Var q) { return from_standard(d, -ad::log(-ad::log(q))); }
// log F = log(1 - s) = log1p(-s).
ad::Var inverse_survival_of(const Gumbel& d, ad::Var s) {
  return from_standard(d, -ad::log(-ad::log1p(-s)));
}

template class Elementwise<GumbelFamily>;

}  // namespace ppl::dist
