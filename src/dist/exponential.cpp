#include "dist/exponential.h"

#include "ad/ops.h"

namespace ppl::dist {

template class Elementwise<ExponentialFamily>;

// -log(U) / rate.
ad::Var ExponentialFamily::sample(const Exponential& d, RandomKey key, const Shape& shape) {
  const ad::Var& rate = d.parameter("rate");
  return d.tape().constant(noise(key, shape, ExponentialSampler(1.0))) / rate;
}

ad::Var ExponentialFamily::mean(const Exponential& d) {
  const ad::Var& rate = d.parameter("rate");
  return 1.0 / rate;
}

ad::Var ExponentialFamily::variance(const Exponential& d) {
  const ad::Var& rate = d.parameter("rate");
  return 1.0 / ad::square(rate);
}

}  // namespace ppl::dist
