#include "dist/cauchy.h"

#include <numbers>

#include "ad/ops.h"
#include "dist/elementwise_methods.h"
#include "dist/location_scale.h"
#include "dist/piecewise.h"

namespace ppl::dist {

// The standard draw tan(pi (U - 1/2)), by inversion; no mean or variance.
template <>
struct StandardMember<CauchyFamily> : WithoutMoments<CauchySampler> {};

namespace {
// The standard Cauchy CDF 1/2 + arctan(z) / pi, written as arctan(-1/z) / pi
// for z < 0, where 1/2 + arctan(z) / pi would cancel to nothing.
ad::Var standard_cauchy_cdf(ad::Var z) {
  const ad::Var negative = is_below(z, 0.0);
  const ad::Var lower = ad::arctan(-1.0 / kept_or(negative, z, -1.0)) / std::numbers::pi;
  const ad::Var upper = 0.5 + ad::arctan(dropped_or(negative, z, 0.0)) / std::numbers::pi;
  return ad::where(negative, lower, upper);
}
}  // namespace

ad::Var cdf_of(const Cauchy& d, ad::Var x) { return standard_cauchy_cdf(standardized(d, x)); }
ad::Var log_survival_of(const Cauchy& d, ad::Var x) {
  return ad::log(standard_cauchy_cdf(-standardized(d, x)));
}
ad::Var icdf_of(const Cauchy& d, ad::Var q) {
  return from_standard(d, ad::tan(std::numbers::pi * (q - 0.5)));
}
ad::Var inverse_survival_of(const Cauchy& d, ad::Var s) {
  return from_standard(d, ad::tan(std::numbers::pi * (0.5 - s)));
}

template class Elementwise<CauchyFamily>;

}  // namespace ppl::dist
