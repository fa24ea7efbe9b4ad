#include "dist/von_mises.h"

#include "ad/ops.h"

namespace ppl::dist {

VonMises::VonMises(ad::Var loc, ad::Var concentration)
    : Distribution(broadcast_shapes(loc.shape(), concentration.shape()), Shape{}),
      loc_(loc),
      concentration_(concentration) {
  check_positive("VonMises", "concentration", concentration);
}

ad::Var VonMises::log_prob(ad::Var value) const {
  return fused_log_density<VonMisesKernel>({value, loc_, concentration_});
}

ad::Var VonMises::log_prob_sum(ad::Var value) const {
  return fused_log_density_sum<VonMisesKernel>({value, loc_, concentration_});
}

ad::Var VonMises::sample(RandomKey key, const Shape& shape) const {
  auto make = [](double loc, double k) { return VonMisesSampler(loc, k); };
  return tape().constant(draw_each(key, shape, make, loc_.value(), concentration_.value()));
}

std::optional<ad::Var> VonMises::mean() const { return broadcast_var(loc_, batch_shape_); }

std::optional<ad::Var> VonMises::variance() const {
  return broadcast_var(fused_log_density<VonMisesCircularVarianceKernel>({concentration_}),
                       batch_shape_);
}

}  // namespace ppl::dist
