#include "dist/half_cauchy.h"

#include <limits>
#include <numbers>

#include "ad/ops.h"
#include "dist/elementwise_methods.h"
#include "dist/piecewise.h"
#include "dist/noise_input.h"

namespace ppl::dist {

ad::Var draw(const HalfCauchy& d, RandomKey key, const Shape& shape) {
  const ad::Var& scale = d.parameter("scale");
  return scale * noise_input(d.tape(), key, shape, CauchySampler(0.0, 1.0), [](const Array& z) { return abs(z); });
}

// F(x) = 2 arctan(x / scale) / pi for x >= 0, 0 below.
ad::Var cdf_of(const HalfCauchy& d, ad::Var x) {
  return (2.0 / std::numbers::pi) * ad::arctan(ad::relu(x) / d.parameter("scale"));
}
// 1 - F(x) = 2 arctan(scale / x) / pi, without the cancellation of 1 - F.
ad::Var log_survival_of(const HalfCauchy& d, ad::Var x) {
  const ad::Var positive = 1.0 - is_below(x, std::numeric_limits<double>::min());
  const ad::Var tail =
      (2.0 / std::numbers::pi) * ad::arctan(d.parameter("scale") / kept_or(positive, x, 1.0));
  return ad::where(positive, ad::log(tail), x.tape().constant(0.0));
}
ad::Var icdf_of(const HalfCauchy& d, ad::Var q) {
  return d.parameter("scale") * ad::tan((0.5 * std::numbers::pi) * q);
}

template class Elementwise<HalfCauchyFamily>;

}  // namespace ppl::dist
