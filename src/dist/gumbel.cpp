#include "dist/gumbel.h"

#include "ad/ops.h"

namespace ppl::dist {

template class Elementwise<GumbelFamily>;

ad::Var GumbelFamily::sample(const Gumbel& d, RandomKey key, const Shape& shape) {
  const ad::Var& loc = d.parameter("loc");
  const ad::Var& scale = d.parameter("scale");
  return loc + scale * d.tape().constant(noise(key, shape, GumbelSampler(0.0, 1.0)));
}

// loc + scale * (Euler's gamma); pi^2 scale^2 / 6.
ad::Var GumbelFamily::mean(const Gumbel& d) {
  const ad::Var& loc = d.parameter("loc");
  const ad::Var& scale = d.parameter("scale");
  constexpr double euler_gamma = 0.5772156649015329;
  return loc + euler_gamma * scale;
}

ad::Var GumbelFamily::variance(const Gumbel& d) {
  const ad::Var& scale = d.parameter("scale");
  constexpr double pi_squared_over_six = 1.6449340668482264;
  return pi_squared_over_six * ad::square(scale);
}

}  // namespace ppl::dist
