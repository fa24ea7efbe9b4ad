#include "dist/bernoulli.h"

#include "ad/ops.h"
#include "core/array_math.h"
#include "dist/constraint.h"

namespace ppl::dist {

namespace {

struct BernoulliSampler {
  double probs;
  // uniform() is in (0, 1): probs 0 never gives 1, probs 1 always does.
  double operator()(RandomStream& stream) const { return stream.uniform() < probs ? 1.0 : 0.0; }
};

}  // namespace

Bernoulli::Bernoulli(ad::Var parameter, ProbsOrLogits kind)
    : Distribution(parameter.shape(), Shape{}), parameter_(parameter), kind_(kind) {
  if (kind == ProbsOrLogits::Probs)
    check_argument("Bernoulli", "probs", parameter, domain::unit_interval, "in [0, 1]");
  else
    check_argument("Bernoulli", "logits", parameter, domain::not_nan, "a number");
}

ad::Var Bernoulli::log_prob(ad::Var value) const {
  if (kind_ == ProbsOrLogits::Probs) return fused_log_density<BernoulliProbsKernel>({value, parameter_});
  return fused_log_density<BernoulliLogitsKernel>({value, parameter_});
}

ad::Var Bernoulli::log_prob_sum(ad::Var value) const {
  if (kind_ == ProbsOrLogits::Probs)
    return fused_log_density_sum<BernoulliProbsKernel>({value, parameter_});
  return fused_log_density_sum<BernoulliLogitsKernel>({value, parameter_});
}

ad::Var Bernoulli::probs() const {
  return kind_ == ProbsOrLogits::Probs ? parameter_ : ad::sigmoid(parameter_);
}

ad::Var Bernoulli::logits() const {
  return kind_ == ProbsOrLogits::Logits ? parameter_ : ad::log(parameter_) - ad::log1p(-parameter_);
}

ad::Var Bernoulli::sample(RandomKey key, const Shape& shape) const {
  detail::check_sample_shape(*this, shape);
  const Eigen::ArrayXd p = detail::batch_values(probs(), batch_shape_);
  return tape().constant(detail::draw_elementwise(
      key, shape, batch_shape_, [&](int64_t i) { return BernoulliSampler{p[i]}; }));
}

std::optional<ad::Var> Bernoulli::mean() const { return broadcast_var(probs(), batch_shape_); }

std::optional<ad::Var> Bernoulli::variance() const {
  ad::Var p = probs();
  return broadcast_var(p * (1.0 - p), batch_shape_);
}

}  // namespace ppl::dist
