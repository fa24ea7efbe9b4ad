#include "dist/cauchy.h"

#include "ad/ops.h"

namespace ppl::dist {

Cauchy::Cauchy(ad::Var loc, ad::Var scale)
    : Distribution(broadcast_shapes(loc.shape(), scale.shape()), Shape{}), loc_(loc), scale_(scale) {
  check_finite("Cauchy", "loc", loc);
  check_positive("Cauchy", "scale", scale);
}

ad::Var Cauchy::log_prob(ad::Var value) const {
  return fused_log_density<CauchyKernel>({value, loc_, scale_});
}

ad::Var Cauchy::log_prob_sum(ad::Var value) const {
  return fused_log_density_sum<CauchyKernel>({value, loc_, scale_});
}

// loc + scale tan(pi (U - 1/2)): the standard draw by inversion, moved and scaled.
ad::Var Cauchy::sample(RandomKey key, const Shape& shape) const {
  return loc_ + scale_ * tape().constant(noise(key, shape, CauchySampler(0.0, 1.0)));
}

}  // namespace ppl::dist
