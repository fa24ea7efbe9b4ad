#include "dist/skew_normal.h"

#include <numbers>

#include "ad/ops.h"
#include "core/array_math.h"
#include "dist/elementwise_methods.h"
#include "dist/location_scale.h"
#include "dist/noise_input.h"

namespace ppl::dist {

namespace {
ad::Var delta_of(const SkewNormal& d) {
  const ad::Var& alpha = d.parameter("alpha");
  return alpha / ad::sqrt(1.0 + ad::square(alpha));
}
}  // namespace

ad::Var draw(const SkewNormal& d, RandomKey key, const Shape& shape) {
  const ad::Var u =
      noise_input(d.tape(), fold_in(key, "u"), shape, NormalSampler(0.0, 1.0),
                  [](const Array& z) { return abs(z); });
  const ad::Var v = noise_input(d.tape(), fold_in(key, "v"), shape, NormalSampler(0.0, 1.0));
  const ad::Var delta = delta_of(d);
  const ad::Var z = delta * u + ad::sqrt(1.0 - ad::square(delta)) * v;
  return d.parameter("loc") + d.parameter("scale") * z;
}

// loc + scale delta sqrt(2 / pi); scale^2 (1 - 2 delta^2 / pi).
ad::Var mean_of(const SkewNormal& d) {
  return d.parameter("loc") +
         d.parameter("scale") * delta_of(d) * std::sqrt(2.0 / std::numbers::pi);
}
ad::Var variance_of(const SkewNormal& d) {
  return ad::square(d.parameter("scale")) *
         (1.0 - (2.0 / std::numbers::pi) * ad::square(delta_of(d)));
}

// F(x) = Phi(z) - 2 T(z, alpha), T Owen's T function; 1 - F = Phi(-z) + 2 T(z, alpha).
// Differentiable in the value and every parameter.
// The difference cancels in the tail the skew leans away from: there the
// result keeps about 1e-16 absolute accuracy, and one that rounds to 0 or
// below is held at 0 (log -inf), never negative.
namespace {
ad::Var at_least_zero(const ad::Var& v) {
  ad::Tape& tape = v.tape();
  return ad::where(tape.constant(greater(v.value(), Array(0.0))), v, tape.constant(0.0));
}
}  // namespace
ad::Var cdf_of(const SkewNormal& d, ad::Var x) {
  const ad::Var z = standardized(d, x);
  return at_least_zero(ad::ndtr(z) - 2.0 * ad::owens_t(z, d.parameter("alpha")));
}
ad::Var log_cdf_of(const SkewNormal& d, ad::Var x) { return ad::log(cdf_of(d, x)); }
ad::Var log_survival_of(const SkewNormal& d, ad::Var x) {
  const ad::Var z = standardized(d, x);
  return ad::log(at_least_zero(ad::ndtr(-z) + 2.0 * ad::owens_t(z, d.parameter("alpha"))));
}

template class Elementwise<SkewNormalFamily>;

}  // namespace ppl::dist
