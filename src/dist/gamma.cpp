#include "dist/gamma.h"

#include "ad/ops.h"
#include "dist/elementwise_methods.h"
#include "dist/gamma_tails.h"
#include "dist/implicit_reparameterization.h"

namespace ppl::dist {

ad::Var draw(const Gamma& d, RandomKey key, const Shape& shape) {
  const ad::Var& concentration = d.parameter("concentration");
  const ad::Var& rate = d.parameter("rate");
  return standard_gamma_rsample(concentration, key, shape) / rate;
}

ad::Var mean_of(const Gamma& d) {
  return d.parameter("concentration") / d.parameter("rate");
}

ad::Var variance_of(const Gamma& d) {
  return d.parameter("concentration") / ad::square(d.parameter("rate"));
}

// F(x) = P(concentration, rate x).
ad::Var log_cdf_of(const Gamma& d, ad::Var x) {
  return log_gamma_tail("Gamma", "concentration", d.parameter("concentration"),
                        d.parameter("rate") * x, false);
}
ad::Var log_survival_of(const Gamma& d, ad::Var x) {
  return log_gamma_tail("Gamma", "concentration", d.parameter("concentration"),
                        d.parameter("rate") * x, true);
}
ad::Var cdf_of(const Gamma& d, ad::Var x) { return ad::exp(log_cdf_of(d, x)); }
ad::Var icdf_of(const Gamma& d, ad::Var q) {
  return gamma_quantile("Gamma", "concentration", d.parameter("concentration"), q, false) /
         d.parameter("rate");
}
ad::Var inverse_survival_of(const Gamma& d, ad::Var s) {
  return gamma_quantile("Gamma", "concentration", d.parameter("concentration"), s, true) /
         d.parameter("rate");
}

template class Elementwise<GammaFamily>;

}  // namespace ppl::dist
