#include "dist/half_normal.h"

#include "ad/ops.h"

namespace ppl::dist {

template class Elementwise<HalfNormalFamily>;

ad::Var HalfNormalFamily::sample(const HalfNormal& d, RandomKey key, const Shape& shape) {
  const ad::Var& scale = d.parameter("scale");
  return scale * d.tape().constant(abs(noise(key, shape, NormalSampler(0.0, 1.0))));
}

ad::Var HalfNormalFamily::mean(const HalfNormal& d) {
  const ad::Var& scale = d.parameter("scale");
  constexpr double sqrt_two_over_pi = 0.7978845608028654;
  return scale * sqrt_two_over_pi;
}

ad::Var HalfNormalFamily::variance(const HalfNormal& d) {
  const ad::Var& scale = d.parameter("scale");
  constexpr double one_minus_two_over_pi = 0.3633802276324186;
  return ad::square(scale) * one_minus_two_over_pi;
}

}  // namespace ppl::dist
