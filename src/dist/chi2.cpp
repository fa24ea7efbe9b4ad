#include "dist/chi2.h"

#include "ad/ops.h"
#include "dist/elementwise_methods.h"
#include "dist/gamma_tails.h"
#include "dist/implicit_reparameterization.h"

namespace ppl::dist {

// 2 Gamma(df / 2, 1).
ad::Var draw(const Chi2& d, RandomKey key, const Shape& shape) {
  return 2.0 * standard_gamma_rsample(0.5 * d.parameter("df"), key, shape);
}

ad::Var mean_of(const Chi2& d) { return d.parameter("df"); }
ad::Var variance_of(const Chi2& d) { return 2.0 * d.parameter("df"); }

// F(x) = P(df / 2, x / 2).
ad::Var log_cdf_of(const Chi2& d, ad::Var x) {
  return log_gamma_tail("Chi2", "df", 0.5 * d.parameter("df"), 0.5 * x, false);
}
ad::Var log_survival_of(const Chi2& d, ad::Var x) {
  return log_gamma_tail("Chi2", "df", 0.5 * d.parameter("df"), 0.5 * x, true);
}
ad::Var cdf_of(const Chi2& d, ad::Var x) { return ad::exp(log_cdf_of(d, x)); }
ad::Var icdf_of(const Chi2& d, ad::Var q) {
  return 2.0 * gamma_quantile("Chi2", "df", 0.5 * d.parameter("df"), q, false);
}
ad::Var inverse_survival_of(const Chi2& d, ad::Var s) {
  return 2.0 * gamma_quantile("Chi2", "df", 0.5 * d.parameter("df"), s, true);
}

template class Elementwise<Chi2Family>;

}  // namespace ppl::dist
