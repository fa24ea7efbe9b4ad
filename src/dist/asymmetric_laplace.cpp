#include "dist/asymmetric_laplace.h"

#include "ad/ops.h"
#include "dist/elementwise_methods.h"
#include "dist/piecewise.h"
#include "dist/noise_input.h"

namespace ppl::dist {

namespace {
ad::Var left_scale(const AsymmetricLaplace& d) {
  return d.parameter("scale") * d.parameter("asymmetry");
}
ad::Var right_scale(const AsymmetricLaplace& d) {
  return d.parameter("scale") / d.parameter("asymmetry");
}
}  // namespace

// The mass below loc is k^2 / (1 + k^2): below it q = that exp(z / L),
// above it 1 - q = exp(-z / R) / (1 + k^2).
ad::Var icdf_of(const AsymmetricLaplace& d, ad::Var q) {
  const ad::Var k_squared = ad::square(d.parameter("asymmetry"));
  const ad::Var mass_below = k_squared / (1.0 + k_squared);
  const ad::Var below = q.tape().constant(less_equal(q.value(), mass_below.value()));
  const ad::Var lower = left_scale(d) * ad::log(kept_or(below, q, 0.5) / mass_below);
  const ad::Var upper =
      -right_scale(d) * ad::log((1.0 + k_squared) * (1.0 - dropped_or(below, q, 0.5)));
  return d.parameter("loc") + ad::where(below, lower, upper);
}

ad::Var draw(const AsymmetricLaplace& d, RandomKey key, const Shape& shape) {
  return icdf_of(d, noise_input(d.tape(), key, shape, UniformSampler(0.0, 1.0)));
}

// loc + R - L; L^2 + R^2.
ad::Var mean_of(const AsymmetricLaplace& d) {
  return d.parameter("loc") + right_scale(d) - left_scale(d);
}
ad::Var variance_of(const AsymmetricLaplace& d) {
  return ad::square(left_scale(d)) + ad::square(right_scale(d));
}

template class Elementwise<AsymmetricLaplaceFamily>;

}  // namespace ppl::dist
