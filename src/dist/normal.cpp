#include "dist/normal.h"

#include "ad/ops.h"
#include "core/array_math.h"
#include "core/samplers.h"
#include "dist/continuous_common.h"
#include "dist/fused_elementwise.h"

namespace ppl::dist {

template class Elementwise<NormalFamily>;

ad::Var NormalFamily::sample(const Normal& d, RandomKey key, const Shape& shape) {
  const ad::Var& loc = d.parameter("loc");
  const ad::Var& scale = d.parameter("scale");
  Array noise(shape, ppl::sample(key, NormalSampler(0.0, 1.0), shape.numel()));
  return loc + scale * d.tape().constant(noise);
}

ad::Var NormalFamily::mean(const Normal& d) {
  const ad::Var& loc = d.parameter("loc");
  return loc;
}

ad::Var NormalFamily::variance(const Normal& d) {
  const ad::Var& scale = d.parameter("scale");
  return ad::square(scale);
}

}  // namespace ppl::dist
