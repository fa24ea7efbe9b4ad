#include "dist/half_cauchy.h"

#include "ad/ops.h"

namespace ppl::dist {

HalfCauchy::HalfCauchy(ad::Var scale) : Distribution(scale.shape(), Shape{}), scale_(scale) {
  check_positive("HalfCauchy", "scale", scale);
}

ad::Var HalfCauchy::log_prob(ad::Var value) const {
  return fused_log_density<HalfCauchyKernel>({value, scale_});
}

ad::Var HalfCauchy::log_prob_sum(ad::Var value) const {
  return fused_log_density_sum<HalfCauchyKernel>({value, scale_});
}

ad::Var HalfCauchy::sample(RandomKey key, const Shape& shape) const {
  return scale_ * tape().constant(abs(noise(key, shape, CauchySampler(0.0, 1.0))));
}

}  // namespace ppl::dist
