#include "dist/logistic.h"

#include "ad/ops.h"

namespace ppl::dist {

template class Elementwise<LogisticFamily>;

ad::Var LogisticFamily::sample(const Logistic& d, RandomKey key, const Shape& shape) {
  const ad::Var& loc = d.parameter("loc");
  const ad::Var& scale = d.parameter("scale");
  return loc + scale * d.tape().constant(noise(key, shape, LogisticSampler(0.0, 1.0)));
}

ad::Var LogisticFamily::mean(const Logistic& d) {
  const ad::Var& loc = d.parameter("loc");
  return loc;
}

// pi^2 scale^2 / 3.
ad::Var LogisticFamily::variance(const Logistic& d) {
  const ad::Var& scale = d.parameter("scale");
  constexpr double pi_squared_over_three = 3.289868133696453;
  return pi_squared_over_three * ad::square(scale);
}

}  // namespace ppl::dist
