#include "dist/log_normal.h"

#include <limits>

#include "ad/ops.h"
#include "dist/elementwise_methods.h"
#include "dist/piecewise.h"
#include "dist/noise_input.h"

namespace ppl::dist {

ad::Var draw(const LogNormal& d, RandomKey key, const Shape& shape) {
  const ad::Var& loc = d.parameter("loc");
  const ad::Var& scale = d.parameter("scale");
  return ad::exp(loc + scale * noise_input(d.tape(), key, shape, NormalSampler(0.0, 1.0)));
}

// E X = exp(loc + scale^2 / 2); Var X = (exp(scale^2) - 1) exp(2 loc + scale^2).
ad::Var mean_of(const LogNormal& d) {
  return ad::exp(d.parameter("loc") + 0.5 * ad::square(d.parameter("scale")));
}

ad::Var variance_of(const LogNormal& d) {
  const ad::Var& loc = d.parameter("loc");
  const ad::Var& scale = d.parameter("scale");
  ad::Var s2 = ad::square(scale);
  return ad::expm1(s2) * ad::exp(2.0 * loc + s2);
}

// Phi((log x - loc) / scale) for x > 0; 0 at and below 0.
namespace {
ad::Var standardized_log(const LogNormal& d, ad::Var x, ad::Var positive) {
  return (ad::log(kept_or(positive, x, 1.0)) - d.parameter("loc")) / d.parameter("scale");
}
ad::Var is_positive(ad::Var x) { return 1.0 - is_below(x, std::numeric_limits<double>::min()); }
}  // namespace

ad::Var cdf_of(const LogNormal& d, ad::Var x) {
  const ad::Var positive = is_positive(x);
  return ad::where(positive, ad::ndtr(standardized_log(d, x, positive)), x.tape().constant(0.0));
}
ad::Var log_cdf_of(const LogNormal& d, ad::Var x) {
  const ad::Var positive = is_positive(x);
  return ad::where(positive, ad::log_ndtr(standardized_log(d, x, positive)),
                   x.tape().constant(-std::numeric_limits<double>::infinity()));
}
ad::Var log_survival_of(const LogNormal& d, ad::Var x) {
  const ad::Var positive = is_positive(x);
  return ad::where(positive, ad::log_ndtr(-standardized_log(d, x, positive)),
                   x.tape().constant(0.0));
}
ad::Var icdf_of(const LogNormal& d, ad::Var q) {
  return ad::exp(d.parameter("loc") + d.parameter("scale") * ad::ndtri(q));
}
ad::Var inverse_survival_of(const LogNormal& d, ad::Var s) {
  return ad::exp(d.parameter("loc") - d.parameter("scale") * ad::ndtri(s));
}

template class Elementwise<LogNormalFamily>;

}  // namespace ppl::dist
