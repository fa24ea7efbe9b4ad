#include "dist/von_mises.h"

#include "ad/ops.h"
#include "dist/elementwise_methods.h"

namespace ppl::dist {

ad::Var draw(const VonMises& d, RandomKey key, const Shape& shape) {
  const ad::Var& loc = d.parameter("loc");
  const ad::Var& concentration = d.parameter("concentration");
  auto make = [](double loc, double k) { return VonMisesSampler(loc, k); };
  return d.tape().constant(draw_each(key, shape, make, loc.value(), concentration.value()));
}

ad::Var mean_of(const VonMises& d) {
  return d.parameter("loc");
}

ad::Var variance_of(const VonMises& d) {
  return fused_log_density<VonMisesCircularVarianceKernel>({d.parameter("concentration")});
}

template class Elementwise<VonMisesFamily>;

}  // namespace ppl::dist
