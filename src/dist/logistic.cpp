#include "dist/logistic.h"

#include "ad/ops.h"
#include "dist/elementwise_methods.h"
#include "dist/location_scale.h"

namespace ppl::dist {

// The standard logistic: mean 0, variance pi^2 / 3.
template <>
struct StandardMember<LogisticFamily> : WithMoments<LogisticSampler, 0.0, 3.289868133696453> {};

ad::Var cdf_of(const Logistic& d, ad::Var x) { return ad::sigmoid(standardized(d, x)); }
ad::Var log_cdf_of(const Logistic& d, ad::Var x) { return ad::log_sigmoid(standardized(d, x)); }
ad::Var log_survival_of(const Logistic& d, ad::Var x) {
  return ad::log_sigmoid(-standardized(d, x));
}
ad::Var icdf_of(const Logistic& d, ad::Var q) {
  return from_standard(d, ad::log(q) - ad::log1p(-q));
}
ad::Var inverse_survival_of(const Logistic& d, ad::Var s) {
  return from_standard(d, ad::log1p(-s) - ad::log(s));
}

template class Elementwise<LogisticFamily>;

}  // namespace ppl::dist
