#include "dist/gamma.h"

#include "ad/ops.h"
#include "dist/implicit_reparameterization.h"

namespace ppl::dist {

Gamma::Gamma(ad::Var concentration, ad::Var rate)
    : Distribution(broadcast_shapes(concentration.shape(), rate.shape()), Shape{}),
      concentration_(concentration),
      rate_(rate) {
  check_positive("Gamma", "concentration", concentration);
  check_positive("Gamma", "rate", rate);
}

ad::Var Gamma::log_prob(ad::Var value) const {
  return fused_log_density<GammaKernel>({value, concentration_, rate_});
}

ad::Var Gamma::log_prob_sum(ad::Var value) const {
  return fused_log_density_sum<GammaKernel>({value, concentration_, rate_});
}

ad::Var Gamma::sample(RandomKey key, const Shape& shape) const {
  return standard_gamma_rsample(concentration_, key, shape) / rate_;
}

std::optional<ad::Var> Gamma::mean() const {
  return broadcast_var(concentration_ / rate_, batch_shape_);
}

std::optional<ad::Var> Gamma::variance() const {
  return broadcast_var(concentration_ / ad::square(rate_), batch_shape_);
}

}  // namespace ppl::dist
