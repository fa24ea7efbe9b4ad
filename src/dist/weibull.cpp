#include "dist/weibull.h"

#include "ad/ops.h"

namespace ppl::dist {

template class Elementwise<WeibullFamily>;

// scale E^(1/k) for E ~ Exponential(1), written exp(log(E) / k) so that it is
// differentiable in k.
ad::Var WeibullFamily::sample(const Weibull& d, RandomKey key, const Shape& shape) {
  const ad::Var& scale = d.parameter("scale");
  const ad::Var& concentration = d.parameter("concentration");
  ad::Var log_e = d.tape().constant(log(noise(key, shape, ExponentialSampler(1.0))));
  return scale * ad::exp(log_e / concentration);
}

// scale Gamma(1 + 1/k); scale^2 (Gamma(1 + 2/k) - Gamma(1 + 1/k)^2).
ad::Var WeibullFamily::mean(const Weibull& d) {
  const ad::Var& scale = d.parameter("scale");
  const ad::Var& concentration = d.parameter("concentration");
  return scale * ad::exp(ad::lgamma(1.0 + 1.0 / concentration));
}

ad::Var WeibullFamily::variance(const Weibull& d) {
  const ad::Var& scale = d.parameter("scale");
  const ad::Var& concentration = d.parameter("concentration");
  ad::Var g1 = ad::exp(ad::lgamma(1.0 + 1.0 / concentration));
  ad::Var g2 = ad::exp(ad::lgamma(1.0 + 2.0 / concentration));
  return ad::square(scale) * (g2 - ad::square(g1));
}

}  // namespace ppl::dist
