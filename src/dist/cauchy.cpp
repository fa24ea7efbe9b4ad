#include "dist/cauchy.h"

#include "ad/ops.h"

namespace ppl::dist {

template class Elementwise<CauchyFamily>;

// loc + scale tan(pi (U - 1/2)): the standard draw by inversion, moved and scaled.
ad::Var CauchyFamily::sample(const Cauchy& d, RandomKey key, const Shape& shape) {
  const ad::Var& loc = d.parameter("loc");
  const ad::Var& scale = d.parameter("scale");
  return loc + scale * d.tape().constant(noise(key, shape, CauchySampler(0.0, 1.0)));
}

}  // namespace ppl::dist
