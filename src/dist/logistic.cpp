#include "dist/logistic.h"

#include "ad/ops.h"
#include "dist/elementwise_methods.h"
#include "dist/location_scale.h"

namespace ppl::dist {

ad::Var draw(const Logistic& d, RandomKey key, const Shape& shape) {
  return location_scale_draw(d, key, shape, LogisticSampler(0.0, 1.0));
}

ad::Var mean_of(const Logistic& d) {
  return d.parameter("loc");
}

// pi^2 scale^2 / 3.
ad::Var variance_of(const Logistic& d) {
  constexpr double pi_squared_over_three = 3.289868133696453;
  return pi_squared_over_three * ad::square(d.parameter("scale"));
}

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
