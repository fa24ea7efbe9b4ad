#include "dist/gamma.h"

#include "ad/ops.h"
#include "dist/elementwise_methods.h"
#include "dist/implicit_reparameterization.h"

namespace ppl::dist {

ad::Var draw(const Gamma& d, RandomKey key, const Shape& shape) {
  const ad::Var& concentration = d.parameter("concentration");
  const ad::Var& rate = d.parameter("rate");
  return standard_gamma_rsample(concentration, key, shape) / rate;
}

ad::Var mean_of(const Gamma& d) {
  const ad::Var& concentration = d.parameter("concentration");
  const ad::Var& rate = d.parameter("rate");
  return concentration / rate;
}

ad::Var variance_of(const Gamma& d) {
  const ad::Var& concentration = d.parameter("concentration");
  const ad::Var& rate = d.parameter("rate");
  return concentration / ad::square(rate);
}

template class Elementwise<GammaFamily>;

}  // namespace ppl::dist
