#include "dist/pareto.h"

#include <limits>

#include "ad/ops.h"
#include "dist/elementwise_methods.h"
#include "dist/noise_input.h"

namespace ppl::dist {

Constraint ParetoFamily::support_of(const Pareto& d) {
  return Constraint::greater_than(d.parameter("scale"));
}

ad::Var draw(const Pareto& d, RandomKey key, const Shape& shape) {
  const ad::Var e = noise_input(d.tape(), key, shape, ExponentialSampler(1.0));
  return d.parameter("scale") * ad::exp(e / d.parameter("alpha"));
}

// alpha scale / (alpha - 1) for alpha > 1, else infinite.
ad::Var mean_of(const Pareto& d) {
  const ad::Var& a = d.parameter("alpha");
  const ad::Var finite = d.tape().constant(greater(a.value(), Array(1.0)));
  const ad::Var safe = ad::where(finite, a, d.tape().constant(2.0));
  return ad::where(finite, safe * d.parameter("scale") / (safe - 1.0),
                   d.tape().constant(std::numeric_limits<double>::infinity()));
}

// scale^2 alpha / ((alpha - 1)^2 (alpha - 2)) for alpha > 2, else infinite.
ad::Var variance_of(const Pareto& d) {
  const ad::Var& a = d.parameter("alpha");
  const ad::Var finite = d.tape().constant(greater(a.value(), Array(2.0)));
  const ad::Var safe = ad::where(finite, a, d.tape().constant(3.0));
  return ad::where(
      finite, ad::square(d.parameter("scale")) * safe / (ad::square(safe - 1.0) * (safe - 2.0)),
      d.tape().constant(std::numeric_limits<double>::infinity()));
}

// F(x) = 1 - (scale / x)^alpha above scale, 0 below.
ad::Var log_survival_of(const Pareto& d, ad::Var x) {
  const ad::Var& s = d.parameter("scale");
  const ad::Var above = x.tape().constant(greater(x.value(), s.value()));
  return d.parameter("alpha") * (ad::log(s) - ad::log(ad::where(above, x, s)));
}
ad::Var cdf_of(const Pareto& d, ad::Var x) { return -ad::expm1(log_survival_of(d, x)); }
ad::Var icdf_of(const Pareto& d, ad::Var q) {
  return d.parameter("scale") * ad::exp(-ad::log1p(-q) / d.parameter("alpha"));
}
ad::Var inverse_survival_of(const Pareto& d, ad::Var s) {
  return d.parameter("scale") * ad::exp(-ad::log(s) / d.parameter("alpha"));
}

template class Elementwise<ParetoFamily>;

}  // namespace ppl::dist
