#include "dist/half_normal.h"

#include <numbers>

#include "ad/ops.h"
#include "dist/elementwise_methods.h"
#include "dist/noise_input.h"

namespace ppl::dist {

ad::Var draw(const HalfNormal& d, RandomKey key, const Shape& shape) {
  const ad::Var& scale = d.parameter("scale");
  return scale * noise_input(d.tape(), key, shape, NormalSampler(0.0, 1.0), [](const Array& z) { return abs(z); });
}

ad::Var mean_of(const HalfNormal& d) {
  constexpr double sqrt_two_over_pi = 0.7978845608028654;
  return d.parameter("scale") * sqrt_two_over_pi;
}

ad::Var variance_of(const HalfNormal& d) {
  constexpr double one_minus_two_over_pi = 0.3633802276324186;
  return ad::square(d.parameter("scale")) * one_minus_two_over_pi;
}

// F(x) = erf(x / (scale sqrt 2)) for x >= 0, 0 below; the upper tail
// 2 Phi(-x / scale) keeps its digits as log 2 + log Phi(-x / scale).
ad::Var cdf_of(const HalfNormal& d, ad::Var x) {
  return ad::erf(ad::relu(x) / (std::numbers::sqrt2 * d.parameter("scale")));
}
ad::Var log_survival_of(const HalfNormal& d, ad::Var x) {
  return std::numbers::ln2 + ad::log_ndtr(-ad::relu(x) / d.parameter("scale"));
}
ad::Var icdf_of(const HalfNormal& d, ad::Var q) {
  return d.parameter("scale") * ad::ndtri(0.5 + 0.5 * q);
}
ad::Var inverse_survival_of(const HalfNormal& d, ad::Var s) {
  return -d.parameter("scale") * ad::ndtri(0.5 * s);
}

template class Elementwise<HalfNormalFamily>;

}  // namespace ppl::dist
