#include "dist/weibull.h"

#include "ad/ops.h"
#include "dist/elementwise_methods.h"
#include "dist/noise_input.h"

namespace ppl::dist {

// scale E^(1/k) for E ~ Exponential(1), written exp(log(E) / k) so that it is
// differentiable in k.
ad::Var draw(const Weibull& d, RandomKey key, const Shape& shape) {
  const ad::Var& scale = d.parameter("scale");
  const ad::Var& concentration = d.parameter("concentration");
  ad::Var log_e = noise_input(d.tape(), key, shape, ExponentialSampler(1.0), [](const Array& e) { return log(e); });
  return scale * ad::exp(log_e / concentration);
}

// scale Gamma(1 + 1/k); scale^2 (Gamma(1 + 2/k) - Gamma(1 + 1/k)^2).
ad::Var mean_of(const Weibull& d) {
  return d.parameter("scale") * ad::exp(ad::lgamma(1.0 + 1.0 / d.parameter("concentration")));
}

ad::Var variance_of(const Weibull& d) {
  const ad::Var& scale = d.parameter("scale");
  const ad::Var& concentration = d.parameter("concentration");
  ad::Var g1 = ad::exp(ad::lgamma(1.0 + 1.0 / concentration));
  ad::Var g2 = ad::exp(ad::lgamma(1.0 + 2.0 / concentration));
  return ad::square(scale) * (g2 - ad::square(g1));
}

// F(x) = 1 - exp(-(x / scale)^concentration) for x >= 0, 0 below.
ad::Var log_survival_of(const Weibull& d, ad::Var x) {
  return -ad::pow(ad::relu(x) / d.parameter("scale"), d.parameter("concentration"));
}
ad::Var cdf_of(const Weibull& d, ad::Var x) { return -ad::expm1(log_survival_of(d, x)); }
ad::Var log_cdf_of(const Weibull& d, ad::Var x) { return ad::log1mexp(log_survival_of(d, x)); }
ad::Var icdf_of(const Weibull& d, ad::Var q) {
  return d.parameter("scale") * ad::pow(-ad::log1p(-q), 1.0 / d.parameter("concentration"));
}
ad::Var inverse_survival_of(const Weibull& d, ad::Var s) {
  return d.parameter("scale") * ad::pow(-ad::log(s), 1.0 / d.parameter("concentration"));
}

template class Elementwise<WeibullFamily>;

}  // namespace ppl::dist
