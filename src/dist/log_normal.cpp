#include "dist/log_normal.h"

#include "ad/ops.h"

namespace ppl::dist {

template class Elementwise<LogNormalFamily>;

ad::Var LogNormalFamily::sample(const LogNormal& d, RandomKey key, const Shape& shape) {
  const ad::Var& loc = d.parameter("loc");
  const ad::Var& scale = d.parameter("scale");
  return ad::exp(loc + scale * d.tape().constant(noise(key, shape, NormalSampler(0.0, 1.0))));
}

// E X = exp(loc + scale^2 / 2); Var X = (exp(scale^2) - 1) exp(2 loc + scale^2).
ad::Var LogNormalFamily::mean(const LogNormal& d) {
  const ad::Var& loc = d.parameter("loc");
  const ad::Var& scale = d.parameter("scale");
  return ad::exp(loc + 0.5 * ad::square(scale));
}

ad::Var LogNormalFamily::variance(const LogNormal& d) {
  const ad::Var& loc = d.parameter("loc");
  const ad::Var& scale = d.parameter("scale");
  ad::Var s2 = ad::square(scale);
  return ad::expm1(s2) * ad::exp(2.0 * loc + s2);
}

}  // namespace ppl::dist
