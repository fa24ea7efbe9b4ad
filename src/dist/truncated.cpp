#include "dist/truncated.h"

#include <fmt/format.h>

#include <limits>

#include "ad/ops.h"
#include "core/continuous_samplers.h"
#include "dist/continuous_common.h"
#include "dist/noise_input.h"

namespace ppl::dist {

namespace {

Shape batch_of(const Distribution& base, const std::optional<ad::Var>& low,
               const std::optional<ad::Var>& high) {
  Shape shape = base.batch_shape();
  if (low) shape = broadcast_shapes(shape, low->shape());
  if (high) shape = broadcast_shapes(shape, high->shape());
  return shape;
}

const DistributionPtr& checked_base(const std::string& name, const DistributionPtr& base) {
  if (!base) throw ArgumentError(fmt::format("{}: base_dist must be a distribution", name));
  if (base->event_shape().rank() > 0)
    throw ArgumentError(
        fmt::format("{}: the base distribution must be univariate, got {} with event shape {}",
                    name, base->name(), base->event_shape().to_string()));
  if (base->is_discrete())
    throw ArgumentError(
        fmt::format("{}: the base distribution must be continuous, got {} (truncating a discrete "
                    "distribution is not supported)",
                    name, base->name()));
  return base;
}

}  // namespace

Truncated::Truncated(std::string name, DistributionPtr base, std::optional<ad::Var> low,
                     std::optional<ad::Var> high)
    : Distribution(batch_of(*checked_base(name, base), low, high), Shape{}),
      name_(std::move(name)),
      base_(std::move(base)),
      low_(low),
      high_(high) {
  ad::Tape& tape = base_->tape();
  if (!low_ && !high_) throw ArgumentError(fmt::format("{}: give low, high or both", name_));
  if (low_ && high_) {
    const Array high_values = broadcast_to(high_->value(), batch_shape_);
    check_argument(name_, "high", high_values,
                   greater(high_values, broadcast_to(low_->value(), batch_shape_)), "above low");
  }
  const std::optional<ad::Var> low_b =
      low_ ? std::optional(broadcast_var(*low_, batch_shape_)) : std::nullopt;
  const std::optional<ad::Var> high_b =
      high_ ? std::optional(broadcast_var(*high_, batch_shape_)) : std::nullopt;
  const auto quantile_of = [&](double q) {
    return tape.constant(base_->icdf(tape.constant(Array::full(batch_shape_, q))).value());
  };

  // Lower side: Z = F(high) - F(low) = F(high) (1 - F(low) / F(high)), in logs.
  upper_side_ = tape.constant(Array::zeros(batch_shape_));
  if (low_) upper_side_ = tape.constant(greater(base_->cdf(*low_b).value(), Array(0.5)));
  // On the upper side's elements the lower side's formulas read a low at the
  // base's lower quartile instead (and the upper side's at its upper
  // quartiles), so that the formula a where() drops stays finite.
  std::optional<ad::Var> low_lower, low_upper, high_upper;
  if (low_) {
    low_lower = ad::where(upper_side_, quantile_of(0.25), *low_b);
    low_upper = ad::where(upper_side_, *low_b, quantile_of(0.75));
  }
  if (high_) high_upper = low_ ? ad::where(upper_side_, *high_b, quantile_of(0.875)) : *high_b;

  ad::Var log_z_lower = tape.constant(Array::zeros(batch_shape_));
  ad::Var start_lower = tape.constant(Array::zeros(batch_shape_));
  if (high_) log_z_lower = base_->log_cdf(*high_b);
  if (low_) {
    const ad::Var log_f_low = base_->log_cdf(*low_lower);
    log_z_lower = log_z_lower + ad::log1mexp(log_f_low - log_z_lower);
    start_lower = ad::exp(log_f_low);
  }
  // Upper side: Z = S(low) - S(high) = S(low) (1 - S(high) / S(low)).
  ad::Var log_z = log_z_lower;
  ad::Var start = start_lower;
  if (low_) {
    ad::Var log_z_upper = base_->log_survival(*low_upper);
    const ad::Var start_upper = ad::exp(log_z_upper);
    if (high_)
      log_z_upper = log_z_upper + ad::log1mexp(base_->log_survival(*high_upper) - log_z_upper);
    log_z = ad::where(upper_side_, log_z_upper, log_z_lower);
    start = ad::where(upper_side_, start_upper, start_lower);
  }
  log_normalizer_ = log_z;
  start_ = start;
  normalizer_ = ad::exp(log_z);
}

ad::Var Truncated::outside(const ad::Var& value) const {
  Array out(0.0);
  if (low_) out = less(value.value(), low_->value());
  if (high_) out = where(out, Array(1.0), greater(value.value(), high_->value()));
  return base_->tape().constant(out);
}

ad::Var Truncated::log_prob(ad::Var value) const {
  const ad::Var inside = base_->log_prob(value) - log_normalizer_;
  const double minus_infinity = -std::numeric_limits<double>::infinity();
  return ad::where(outside(value), value.tape().constant(minus_infinity), inside);
}

// q of the truncated mass: F^{-1}(F(low) + q Z) on the lower side,
// S^{-1}(S(low) - q Z) on the upper side, clipped into [low, high] against
// rounding.
ad::Var Truncated::quantile(ad::Var q) const {
  ad::Tape& tape = base_->tape();
  const ad::Var half = tape.constant(0.5);
  const ad::Var lower = base_->icdf(ad::where(upper_side_, half, start_ + q * normalizer_));
  const ad::Var upper =
      base_->inverse_survival(ad::where(upper_side_, start_ - q * normalizer_, half));
  ad::Var x = ad::where(upper_side_, upper, lower);
  if (low_) x = ad::where(tape.constant(less(x.value(), low_->value())), *low_ + 0.0 * x, x);
  if (high_) x = ad::where(tape.constant(greater(x.value(), high_->value())), *high_ + 0.0 * x, x);
  return x;
}

ad::Var Truncated::sample(RandomKey key, const Shape& shape) const {
  return quantile(noise_input(base_->tape(), key, shape, UniformSampler(0.0, 1.0)));
}

ad::Var Truncated::icdf(ad::Var q) const { return quantile(q); }

Constraint Truncated::support() const {
  if (low_ && high_) return Constraint::interval(*low_, *high_);
  if (low_) return Constraint::greater_than(*low_);
  return Constraint::less_than(*high_);
}

// (F(x) - F(low)) / Z on the lower side, (S(low) - S(x)) / Z on the upper;
// 0 below low and 1 above high.
ad::Var Truncated::cdf(ad::Var value) const {
  ad::Tape& tape = base_->tape();
  const ad::Var lower = (base_->cdf(value) - start_) / normalizer_;
  const ad::Var upper = (start_ - ad::exp(base_->log_survival(value))) / normalizer_;
  ad::Var p = ad::where(upper_side_, upper, lower);
  if (low_) p = ad::where(tape.constant(less(value.value(), low_->value())), tape.constant(0.0), p);
  if (high_)
    p = ad::where(tape.constant(greater(value.value(), high_->value())), tape.constant(1.0), p);
  return p;
}

ad::Var Truncated::log_cdf(ad::Var value) const { return ad::log(cdf(value)); }

ad::Var Truncated::log_survival(ad::Var value) const { return ad::log1p(-cdf(value)); }

}  // namespace ppl::dist
