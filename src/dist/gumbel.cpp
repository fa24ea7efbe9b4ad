#include "dist/gumbel.h"

#include "ad/ops.h"
#include "dist/elementwise_methods.h"
#include "dist/location_scale.h"

namespace ppl::dist {

// The standard Gumbel: mean Euler's gamma, variance pi^2 / 6.
template <>
struct StandardMember<GumbelFamily>
    : WithMoments<GumbelSampler, 0.5772156649015329, 1.6449340668482264> {};

// F(x) = exp(-exp(-z)).
ad::Var log_cdf_of(const Gumbel& d, ad::Var x) { return -ad::exp(-standardized(d, x)); }
ad::Var cdf_of(const Gumbel& d, ad::Var x) { return ad::exp(log_cdf_of(d, x)); }
ad::Var log_survival_of(const Gumbel& d, ad::Var x) { return ad::log1mexp(log_cdf_of(d, x)); }
ad::Var icdf_of(const Gumbel& d, ad::Var q) { return from_standard(d, -ad::log(-ad::log(q))); }
// log F = log(1 - s) = log1p(-s).
ad::Var inverse_survival_of(const Gumbel& d, ad::Var s) {
  return from_standard(d, -ad::log(-ad::log1p(-s)));
}

template class Elementwise<GumbelFamily>;

}  // namespace ppl::dist
