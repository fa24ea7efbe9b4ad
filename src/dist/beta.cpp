#include "dist/beta.h"

#include "ad/ops.h"

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

ad::Var Beta::sample(RandomKey key, const Shape& shape) const {
  auto make = [](double a, double b) { return BetaSampler(a, b); };
  return tape().constant(draw_each(key, shape, make, concentration1_.value(), concentration0_.value()));
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
