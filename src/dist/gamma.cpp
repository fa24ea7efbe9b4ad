#include "dist/gamma.h"

#include "ad/ops.h"
#include "dist/implicit_reparameterization.h"

namespace ppl::dist {

template class Elementwise<GammaFamily>;

ad::Var GammaFamily::sample(const Gamma& d, RandomKey key, const Shape& shape) {
  const ad::Var& concentration = d.parameter("concentration");
  const ad::Var& rate = d.parameter("rate");
  return standard_gamma_rsample(concentration, key, shape) / rate;
}

ad::Var GammaFamily::mean(const Gamma& d) {
  const ad::Var& concentration = d.parameter("concentration");
  const ad::Var& rate = d.parameter("rate");
  return concentration / rate;
}

ad::Var GammaFamily::variance(const Gamma& d) {
  const ad::Var& concentration = d.parameter("concentration");
  const ad::Var& rate = d.parameter("rate");
  return concentration / ad::square(rate);
}

}  // namespace ppl::dist
