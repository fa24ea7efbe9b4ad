#include "dist/laplace.h"

#include "ad/ops.h"

namespace ppl::dist {

template class Elementwise<LaplaceFamily>;

ad::Var LaplaceFamily::sample(const Laplace& d, RandomKey key, const Shape& shape) {
  const ad::Var& loc = d.parameter("loc");
  const ad::Var& scale = d.parameter("scale");
  return loc + scale * d.tape().constant(noise(key, shape, LaplaceSampler(0.0, 1.0)));
}

ad::Var LaplaceFamily::mean(const Laplace& d) {
  const ad::Var& loc = d.parameter("loc");
  return loc;
}

ad::Var LaplaceFamily::variance(const Laplace& d) {
  const ad::Var& scale = d.parameter("scale");
  return 2.0 * ad::square(scale);
}

}  // namespace ppl::dist
