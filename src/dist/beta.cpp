#include "dist/beta.h"

#include "ad/ops.h"
#include "dist/implicit_reparameterization.h"

namespace ppl::dist {

Beta::Beta(ad::Var concentration1, ad::Var concentration0)
    : Distribution(broadcast_shapes(concentration1.shape(), concentration0.shape()), Shape{}),
      concentration1_(concentration1),
      concentration0_(concentration0) {
  check_positive("Beta", "concentration1", concentration1);
  check_positive("Beta", "concentration0", concentration0);
}

ad::Var Beta::log_prob(ad::Var value) const {
  return fused_log_density<BetaKernel>({value, concentration1_, concentration0_});
}

ad::Var Beta::log_prob_sum(ad::Var value) const {
  return fused_log_density_sum<BetaKernel>({value, concentration1_, concentration0_});
}

// x = g1 / (g1 + g0) with standard gammas g1 ~ (a), g0 ~ (b), each
// differentiable in its concentration.
ad::Var Beta::sample(RandomKey key, const Shape& shape) const {
  ad::Var g1 = standard_gamma_rsample(concentration1_, fold_in(key, 1), shape);
  ad::Var g0 = standard_gamma_rsample(concentration0_, fold_in(key, 2), shape);
  return g1 / (g1 + g0);
}

// a / (a + b); a b / ((a + b)^2 (a + b + 1)).
std::optional<ad::Var> Beta::mean() const {
  return broadcast_var(concentration1_ / (concentration1_ + concentration0_), batch_shape_);
}

std::optional<ad::Var> Beta::variance() const {
  ad::Var total = concentration1_ + concentration0_;
  return broadcast_var(concentration1_ * concentration0_ / (ad::square(total) * (total + 1.0)),
                       batch_shape_);
}

}  // namespace ppl::dist
