#include "dist/normal.h"

#include "ad/ops.h"
#include "core/array_math.h"
#include "core/samplers.h"
#include "dist/continuous_common.h"
#include "dist/fused_elementwise.h"

namespace ppl::dist {

Normal::Normal(ad::Var loc, ad::Var scale)
    : Distribution(broadcast_shapes(loc.shape(), scale.shape()), Shape{}), loc_(loc), scale_(scale) {
  check_finite("Normal", "loc", loc);
  check_argument("Normal", "scale", scale, domain::positive, "positive");
}

ad::Var Normal::log_prob(ad::Var value) const {
  return fused_log_density<NormalKernel>({value, loc_, scale_});
}

ad::Var Normal::log_prob_sum(ad::Var value) const {
  return fused_log_density_sum<NormalKernel>({value, loc_, scale_});
}

ad::Var Normal::sample(RandomKey key, const Shape& shape) const {
  Array noise(shape, ppl::sample(key, NormalSampler(0.0, 1.0), shape.numel()));
  return loc_ + scale_ * tape().constant(noise);
}

std::optional<ad::Var> Normal::mean() const { return broadcast_var(loc_, batch_shape_); }

std::optional<ad::Var> Normal::variance() const {
  return broadcast_var(ad::square(scale_), batch_shape_);
}

}  // namespace ppl::dist
