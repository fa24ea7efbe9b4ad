#include "dist/negative_binomial2.h"

#include "ad/ops.h"
#include "core/array_math.h"

namespace ppl::dist {

NegativeBinomial2::NegativeBinomial2(ad::Var mean, ad::Var concentration)
    : Distribution(broadcast_shapes(mean.shape(), concentration.shape()), Shape{}),
      mean_(mean),
      concentration_(concentration) {
  check_argument("NegativeBinomial2", "mean", mean, domain::positive, "positive");
  check_argument("NegativeBinomial2", "concentration", concentration, domain::positive, "positive");
}

ad::Var NegativeBinomial2::log_prob(ad::Var value) const {
  return fused_log_density<NegativeBinomial2Kernel>({value, mean_, concentration_});
}

ad::Var NegativeBinomial2::log_prob_sum(ad::Var value) const {
  return fused_log_density_sum<NegativeBinomial2Kernel>({value, mean_, concentration_});
}

// lambda ~ Gamma(phi, phi / mu) = (mu / phi) Gamma(phi, 1).
ad::Var NegativeBinomial2::sample(RandomKey key, const Shape& shape) const {
  detail::check_sample_shape(*this, shape);
  const Eigen::ArrayXd mu = detail::batch_values(mean_, batch_shape_);
  const Eigen::ArrayXd phi = detail::batch_values(concentration_, batch_shape_);
  return tape().constant(detail::draw_elementwise(key, shape, batch_shape_, [&](int64_t i) {
    return detail::GammaPoissonSampler(phi[i], mu[i] / phi[i]);
  }));
}

std::optional<ad::Var> NegativeBinomial2::mean() const { return broadcast_var(mean_, batch_shape_); }

std::optional<ad::Var> NegativeBinomial2::variance() const {
  return broadcast_var(mean_ + ad::square(mean_) / concentration_, batch_shape_);
}

}  // namespace ppl::dist
