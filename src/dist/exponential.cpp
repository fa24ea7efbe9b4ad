#include "dist/exponential.h"

#include "ad/ops.h"
#include "dist/elementwise_methods.h"
#include "dist/noise_input.h"

namespace ppl::dist {

// -log(U) / rate.
ad::Var draw(const Exponential& d, RandomKey key, const Shape& shape) {
  const ad::Var& rate = d.parameter("rate");
  return noise_input(d.tape(), key, shape, ExponentialSampler(1.0)) / rate;
}

ad::Var mean_of(const Exponential& d) {
  return 1.0 / d.parameter("rate");
}

ad::Var variance_of(const Exponential& d) {
  return 1.0 / ad::square(d.parameter("rate"));
}

// F(x) = 1 - exp(-rate x) for x >= 0, 0 below.
ad::Var log_survival_of(const Exponential& d, ad::Var x) {
  return -d.parameter("rate") * ad::relu(x);
}
ad::Var cdf_of(const Exponential& d, ad::Var x) { return -ad::expm1(log_survival_of(d, x)); }
ad::Var log_cdf_of(const Exponential& d, ad::Var x) { return ad::log1mexp(log_survival_of(d, x)); }
ad::Var icdf_of(const Exponential& d, ad::Var q) { return -ad::log1p(-q) / d.parameter("rate"); }
ad::Var inverse_survival_of(const Exponential& d, ad::Var s) {
  return -ad::log(s) / d.parameter("rate");
}

template class Elementwise<ExponentialFamily>;

}  // namespace ppl::dist
