#include "dist/half_cauchy.h"

#include "ad/ops.h"

namespace ppl::dist {

template class Elementwise<HalfCauchyFamily>;

ad::Var HalfCauchyFamily::sample(const HalfCauchy& d, RandomKey key, const Shape& shape) {
  const ad::Var& scale = d.parameter("scale");
  return scale * d.tape().constant(abs(noise(key, shape, CauchySampler(0.0, 1.0))));
}

}  // namespace ppl::dist
