#include "dist/beta.h"

#include "ad/ops.h"
#include "dist/beta_tails.h"
#include "dist/elementwise_methods.h"
#include "dist/implicit_reparameterization.h"

namespace ppl::dist {

// x = g1 / (g1 + g0) with standard gammas g1 ~ (a), g0 ~ (b), each
// differentiable in its concentration.
ad::Var draw(const Beta& d, RandomKey key, const Shape& shape) {
  const ad::Var& concentration1 = d.parameter("concentration1");
  const ad::Var& concentration0 = d.parameter("concentration0");
  ad::Var g1 = standard_gamma_rsample(concentration1, fold_in(key, 1), shape);
  ad::Var g0 = standard_gamma_rsample(concentration0, fold_in(key, 2), shape);
  return g1 / (g1 + g0);
}

// a / (a + b); a b / ((a + b)^2 (a + b + 1)).
ad::Var mean_of(const Beta& d) {
  const ad::Var& a = d.parameter("concentration1");
  return a / (a + d.parameter("concentration0"));
}

ad::Var variance_of(const Beta& d) {
  const ad::Var& concentration1 = d.parameter("concentration1");
  const ad::Var& concentration0 = d.parameter("concentration0");
  ad::Var total = concentration1 + concentration0;
  return concentration1 * concentration0 / (ad::square(total) * (total + 1.0));
}

namespace {
// F(x) = I_x(concentration1, concentration0): differentiable in x only.
ad::Var log_tail(const Beta& d, ad::Var x, bool upper) {
  return log_beta_tail("Beta", "concentration1 and concentration0", d.parameter("concentration1"),
                       d.parameter("concentration0"), x, upper);
}
ad::Var quantile(const Beta& d, ad::Var q, bool upper) {
  return beta_quantile("Beta", "concentration1 and concentration0", d.parameter("concentration1"),
                       d.parameter("concentration0"), q, upper);
}
}  // namespace

ad::Var log_cdf_of(const Beta& d, ad::Var x) { return log_tail(d, x, false); }
ad::Var log_survival_of(const Beta& d, ad::Var x) { return log_tail(d, x, true); }
ad::Var cdf_of(const Beta& d, ad::Var x) { return ad::exp(log_cdf_of(d, x)); }
ad::Var icdf_of(const Beta& d, ad::Var q) { return quantile(d, q, false); }
ad::Var inverse_survival_of(const Beta& d, ad::Var s) { return quantile(d, s, true); }

template class Elementwise<BetaFamily>;

}  // namespace ppl::dist
