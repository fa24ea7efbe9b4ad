#include "dist/zero_inflated_poisson.h"

#include "ad/ops.h"
#include "core/array_math.h"

namespace ppl::dist {

namespace {

struct ZeroInflatedPoissonSampler {
  double gate;
  PoissonSampler poisson;
  double operator()(RandomStream& stream) const {
    const bool zero = stream.uniform() < gate;  // a uniform even when gated, so the stream stays in step
    const double count = poisson(stream);
    return zero ? 0.0 : count;
  }
};

}  // namespace

ZeroInflatedPoisson::ZeroInflatedPoisson(ad::Var gate, ad::Var rate)
    : Distribution(broadcast_shapes(gate.shape(), rate.shape()), Shape{}), gate_(gate), rate_(rate) {
  check_argument("ZeroInflatedPoisson", "gate", gate, domain::unit_interval, "in [0, 1]");
  check_argument("ZeroInflatedPoisson", "rate", rate, domain::positive, "positive");
}

ad::Var ZeroInflatedPoisson::log_prob(ad::Var value) const {
  return fused_log_density<ZeroInflatedPoissonKernel>({value, gate_, rate_});
}

ad::Var ZeroInflatedPoisson::log_prob_sum(ad::Var value) const {
  return fused_log_density_sum<ZeroInflatedPoissonKernel>({value, gate_, rate_});
}

ad::Var ZeroInflatedPoisson::sample(RandomKey key, const Shape& shape) const {
  detail::check_sample_shape(*this, shape);
  const Eigen::ArrayXd g = detail::batch_values(gate_, batch_shape_);
  const Eigen::ArrayXd r = detail::batch_values(rate_, batch_shape_);
  return tape().constant(detail::draw_elementwise(key, shape, batch_shape_, [&](int64_t i) {
    return ZeroInflatedPoissonSampler{g[i], PoissonSampler(r[i])};
  }));
}

std::optional<ad::Var> ZeroInflatedPoisson::mean() const {
  return broadcast_var((1.0 - gate_) * rate_, batch_shape_);
}

std::optional<ad::Var> ZeroInflatedPoisson::variance() const {
  return broadcast_var((1.0 - gate_) * rate_ * (1.0 + gate_ * rate_), batch_shape_);
}

}  // namespace ppl::dist
