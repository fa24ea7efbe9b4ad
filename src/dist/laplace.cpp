#include "dist/laplace.h"

#include <numbers>

#include "ad/ops.h"
#include "dist/elementwise_methods.h"
#include "dist/location_scale.h"
#include "dist/piecewise.h"

namespace ppl::dist {

// The standard Laplace: mean 0, variance 2.
template <>
struct StandardMember<LaplaceFamily> : WithMoments<LaplaceSampler, 0.0, 2.0> {};

namespace {
// log of the standard Laplace CDF: z - log 2 below 0, log(1 - exp(-z) / 2) above.
ad::Var standard_laplace_log_cdf(ad::Var z) {
  constexpr double log_two = std::numbers::ln2;
  const ad::Var negative = is_below(z, 0.0);
  const ad::Var lower = kept_or(negative, z, 0.0) - log_two;
  const ad::Var upper = ad::log1p(-0.5 * ad::exp(-dropped_or(negative, z, 0.0)));
  return ad::where(negative, lower, upper);
}
}  // namespace

ad::Var log_cdf_of(const Laplace& d, ad::Var x) {
  return standard_laplace_log_cdf(standardized(d, x));
}
ad::Var cdf_of(const Laplace& d, ad::Var x) { return ad::exp(log_cdf_of(d, x)); }
ad::Var log_survival_of(const Laplace& d, ad::Var x) {
  return standard_laplace_log_cdf(-standardized(d, x));
}
// log(2q) below q = 1/2, -log(2 (1 - q)) above.
ad::Var icdf_of(const Laplace& d, ad::Var q) {
  const ad::Var lower_half = is_below(q, 0.5);
  const ad::Var lower = ad::log(2.0 * kept_or(lower_half, q, 0.25));
  const ad::Var upper = -ad::log(2.0 * (1.0 - dropped_or(lower_half, q, 0.75)));
  return from_standard(d, ad::where(lower_half, lower, upper));
}
ad::Var inverse_survival_of(const Laplace& d, ad::Var s) {
  return 2.0 * d.parameter("loc") - icdf_of(d, s);
}

template class Elementwise<LaplaceFamily>;

}  // namespace ppl::dist
