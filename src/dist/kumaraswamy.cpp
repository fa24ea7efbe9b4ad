#include "dist/kumaraswamy.h"

#include <limits>

#include "ad/ops.h"
#include "dist/elementwise_methods.h"
#include "dist/noise_input.h"

namespace ppl::dist {

// F^{-1}(q) = (1 - (1 - q)^(1/b))^(1/a).
ad::Var icdf_of(const Kumaraswamy& d, ad::Var q) {
  const ad::Var& a = d.parameter("concentration1");
  const ad::Var& b = d.parameter("concentration0");
  return ad::exp(ad::log1mexp(ad::log1p(-q) / b) / a);
}

ad::Var draw(const Kumaraswamy& d, RandomKey key, const Shape& shape) {
  return icdf_of(d, noise_input(d.tape(), key, shape, UniformSampler(0.0, 1.0)));
}

ad::Var log_survival_of(const Kumaraswamy& d, ad::Var x) {
  const ad::Var inside =
      d.tape().constant(greater(x.value(), Array(0.0)) * less(x.value(), Array(1.0)));
  const ad::Var safe = ad::where(inside, x, d.tape().constant(0.5));
  const ad::Var within =
      d.parameter("concentration0") * ad::log1p(-ad::pow(safe, d.parameter("concentration1")));
  // 0 at and below 0, -inf at and above 1.
  const ad::Var outside = d.tape().constant(where(less(x.value(), Array(1.0)), Array(0.0),
                                                  Array(-std::numeric_limits<double>::infinity())));
  return ad::where(inside, within, outside);
}

ad::Var cdf_of(const Kumaraswamy& d, ad::Var x) { return -ad::expm1(log_survival_of(d, x)); }

// The n-th moment is b B(1 + n / a, b).
namespace {
ad::Var moment(const Kumaraswamy& d, double n) {
  const ad::Var& a = d.parameter("concentration1");
  const ad::Var& b = d.parameter("concentration0");
  const ad::Var shifted = 1.0 + n / a;
  return b * ad::exp(ad::lgamma(shifted) + ad::lgamma(b) - ad::lgamma(shifted + b));
}
}  // namespace

ad::Var mean_of(const Kumaraswamy& d) { return moment(d, 1.0); }
ad::Var variance_of(const Kumaraswamy& d) { return moment(d, 2.0) - ad::square(moment(d, 1.0)); }

template class Elementwise<KumaraswamyFamily>;

}  // namespace ppl::dist
