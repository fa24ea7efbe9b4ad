#include "dist/zero_inflated_distribution.h"

#include <fmt/format.h>

#include "ad/ops.h"
#include "core/array_math.h"
#include "core/broadcast.h"
#include "core/samplers.h"
#include "dist/beta_tails.h"
#include "dist/count_helpers.h"
#include "dist/expanded.h"

namespace ppl::dist {

namespace {

const char* kName = "ZeroInflatedDistribution";

Shape zero_inflated_batch(const Distribution& base, const ad::Var& gate) {
  if (!base.is_discrete())
    throw ArgumentError(fmt::format("{}: base_dist must be discrete, got {} with support {}", kName,
                                    base.name(), base.support().to_string()));
  if (base.event_shape().rank() != 0)
    throw ArgumentError(fmt::format("{}: base_dist must be univariate, got event shape {}", kName,
                                    base.event_shape().to_string()));
  try {
    return broadcast_shapes(base.batch_shape(), gate.shape());
  } catch (const Error&) {
    throw ArgumentError(
        fmt::format("{}: gate of shape {} does not broadcast with the batch shape {}", kName,
                    gate.shape().to_string(), base.batch_shape().to_string()));
  }
}

}  // namespace

ZeroInflatedDistribution::ZeroInflatedDistribution(DistributionPtr base, ad::Var gate,
                                                   bool gate_is_logits)
    : Wrapper(zero_inflated_batch(*base, gate), Shape{}, base) {
  if (gate_is_logits) {
    check_argument(kName, "gate_logits", gate, domain::not_nan, "a number");
    log_gate_ = -ad::softplus(-gate);
    log_not_gate_ = -ad::softplus(gate);
  } else {
    check_argument(kName, "gate", gate, domain::unit_interval, "in [0, 1]");
    log_gate_ = ad::log(gate);
    log_not_gate_ = ad::log1p(-gate);
  }
}

ad::Var ZeroInflatedDistribution::log_prob(ad::Var value) const {
  const ad::Var kept = log_not_gate_ + base_->log_prob(value);
  const ad::Var at_zero = ad::logaddexp(log_gate_, kept);
  const ad::Var is_zero = tape().constant(equal(value.value(), Array(0.0)));
  return ad::where(is_zero, at_zero, kept);
}

ad::Var ZeroInflatedDistribution::sample(RandomKey key, const Shape& shape) const {
  detail::check_sample_shape(*this, shape);
  const Array draws = expand(base_, batch_shape_)->sample(fold_in(key, "base"), shape).value();
  const Array gate = broadcast_to(exp(log_gate_.value()), batch_shape_);
  const std::vector<int64_t> positions = detail::batch_positions(shape, 0, batch_shape_);
  RandomStream stream(fold_in(key, "gate"));
  Eigen::ArrayXd out = draws.values();
  for (int64_t i = 0; i < out.size(); ++i)
    if (stream.uniform() < gate.values()[positions[static_cast<size_t>(i)]]) out[i] = 0.0;
  return tape().constant(Array(shape, std::move(out)));
}

std::optional<ad::Var> ZeroInflatedDistribution::mean() const {
  std::optional<ad::Var> m = base_->mean();
  if (!m) return std::nullopt;
  return broadcast_var(ad::exp(log_not_gate_) * *m, batch_shape_);
}

std::optional<ad::Var> ZeroInflatedDistribution::variance() const {
  std::optional<ad::Var> m = base_->mean();
  std::optional<ad::Var> v = base_->variance();
  if (!m || !v) return std::nullopt;
  const ad::Var keep = ad::exp(log_not_gate_);
  return broadcast_var(keep * (*v + ad::square(*m)) - ad::square(keep * *m), batch_shape_);
}

ad::Var ZeroInflatedDistribution::log_cdf(ad::Var value) const {
  return count_tail(value, ad::logaddexp(log_gate_, log_not_gate_ + base_->log_cdf(value)), false);
}
ad::Var ZeroInflatedDistribution::log_survival(ad::Var value) const {
  return count_tail(value, log_not_gate_ + base_->log_survival(value), true);
}
ad::Var ZeroInflatedDistribution::cdf(ad::Var value) const { return ad::exp(log_cdf(value)); }

}  // namespace ppl::dist
