#include "dist/gamma_poisson.h"

#include "ad/ops.h"
#include "core/array_math.h"

namespace ppl::dist {

GammaPoisson::GammaPoisson(ad::Var concentration, ad::Var rate)
    : Distribution(broadcast_shapes(concentration.shape(), rate.shape()), Shape{}),
      concentration_(concentration),
      rate_(rate) {
  check_argument("GammaPoisson", "concentration", concentration, domain::positive, "positive");
  check_argument("GammaPoisson", "rate", rate, domain::positive, "positive");
}

ad::Var GammaPoisson::log_prob(ad::Var value) const {
  return fused_log_density<GammaPoissonKernel>({value, concentration_, rate_});
}

ad::Var GammaPoisson::log_prob_sum(ad::Var value) const {
  return fused_log_density_sum<GammaPoissonKernel>({value, concentration_, rate_});
}

ad::Var GammaPoisson::sample(RandomKey key, const Shape& shape) const {
  detail::check_sample_shape(*this, shape);
  const Eigen::ArrayXd c = detail::batch_values(concentration_, batch_shape_);
  const Eigen::ArrayXd r = detail::batch_values(rate_, batch_shape_);
  return tape().constant(detail::draw_elementwise(key, shape, batch_shape_, [&](int64_t i) {
    return detail::GammaPoissonSampler(c[i], 1.0 / r[i]);
  }));
}

std::optional<ad::Var> GammaPoisson::mean() const {
  return broadcast_var(concentration_ / rate_, batch_shape_);
}

std::optional<ad::Var> GammaPoisson::variance() const {
  return broadcast_var(concentration_ * (1.0 + rate_) / ad::square(rate_), batch_shape_);
}

}  // namespace ppl::dist
