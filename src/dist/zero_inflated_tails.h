#pragma once
// The CDFs of a zero-inflated elementwise family (ZeroInflatedPoisson,
// ZeroInflatedNegativeBinomial2): those of ZeroInflatedDistribution over
// the family's count distribution and gate, which the family's file gives
// as `as_zero_inflated(d)` before its explicit instantiation.
#include "dist/elementwise.h"
#include "dist/zero_inflated_distribution.h"

namespace ppl::dist {

template <class Family>
concept ZeroInflatedFamily = requires(const Elementwise<Family>& d) {
  as_zero_inflated(d);
};

template <ZeroInflatedFamily Family>
ad::Var cdf_of(const Elementwise<Family>& d, ad::Var k) {
  return as_zero_inflated(d).cdf(k);
}
template <ZeroInflatedFamily Family>
ad::Var log_cdf_of(const Elementwise<Family>& d, ad::Var k) {
  return as_zero_inflated(d).log_cdf(k);
}
template <ZeroInflatedFamily Family>
ad::Var log_survival_of(const Elementwise<Family>& d, ad::Var k) {
  return as_zero_inflated(d).log_survival(k);
}

}  // namespace ppl::dist
