#include "dist/folded_distribution.h"

#include <fmt/format.h>

#include <limits>

#include "ad/ops.h"
#include "core/array_math.h"

namespace ppl::dist {

namespace {

const DistributionPtr& checked_base(const DistributionPtr& base) {
  if (base->is_discrete() || base->event_shape().rank() != 0 ||
      base->support().kind != ConstraintKind::Real)
    throw ArgumentError(fmt::format(
        "FoldedDistribution: base_dist must be univariate with support real, got {} with "
        "support {} and event shape {}",
        base->name(), base->support().to_string(), base->event_shape().to_string()));
  return base;
}

}  // namespace

FoldedDistribution::FoldedDistribution(DistributionPtr base)
    : Wrapper(checked_base(base)->batch_shape(), Shape{}, base) {}

ad::Var FoldedDistribution::log_prob(ad::Var value) const {
  const ad::Var folded = ad::logaddexp(base_->log_prob(value), base_->log_prob(-value));
  const ad::Var negative = tape().constant(less(value.value(), Array(0.0)));
  return ad::where(negative, tape().constant(-std::numeric_limits<double>::infinity()), folded);
}

ad::Var FoldedDistribution::sample(RandomKey key, const Shape& shape) const {
  return ad::abs(base_->sample(key, shape));
}

}  // namespace ppl::dist
