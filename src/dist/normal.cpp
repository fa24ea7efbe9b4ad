#include "dist/normal.h"

#include "ad/ops.h"
#include "core/array_math.h"
#include "core/samplers.h"
#include "dist/continuous_common.h"
#include "dist/elementwise_methods.h"
#include "dist/fused_elementwise.h"
#include "dist/location_scale.h"

namespace ppl::dist {

template <>
struct StandardMember<NormalFamily> : WithMoments<NormalSampler, 0.0, 1.0> {};

ad::Var cdf_of(const Normal& d, ad::Var x) { return ad::ndtr(standardized(d, x)); }
ad::Var log_cdf_of(const Normal& d, ad::Var x) { return ad::log_ndtr(standardized(d, x)); }
ad::Var log_survival_of(const Normal& d, ad::Var x) { return ad::log_ndtr(-standardized(d, x)); }
ad::Var icdf_of(const Normal& d, ad::Var q) { return from_standard(d, ad::ndtri(q)); }
ad::Var inverse_survival_of(const Normal& d, ad::Var s) { return from_standard(d, -ad::ndtri(s)); }

template class Elementwise<NormalFamily>;

}  // namespace ppl::dist
