#include "dist/masked.h"

#include <fmt/format.h>

#include "ad/ops.h"
#include "core/array_math.h"
#include "dist/masked_values.h"

namespace ppl::dist {

namespace {

Shape masked_batch(const DistributionPtr& base, const ad::Var& mask) {
  if (!base) throw ArgumentError("Masked: the base distribution is missing");
  const Array& m = mask.value();
  const Array ok = where(equal(m, Array(0.0)), Array(1.0), equal(m, Array(1.0)));
  check_argument("Masked", "mask", m, ok, "0 or 1");
  try {
    return broadcast_shapes(mask.shape(), base->batch_shape());
  } catch (const Error&) {
    throw ArgumentError(fmt::format("Masked: a mask of shape {} does not broadcast with the batch shape {}",
                                    mask.shape().to_string(), base->batch_shape().to_string()));
  }
}

}  // namespace

Masked::Masked(DistributionPtr base, ad::Var mask)
    : Wrapper(masked_batch(base, mask), base ? base->event_shape() : Shape{}, base),
      mask_(mask) {}

ad::Var Masked::log_prob(ad::Var value) const {
  ad::Var lp = base_->log_prob(with_masked_out_entries_valid(value, mask_, *base_));
  return ad::where(mask_, lp, lp.tape().constant(0.0));
}

ad::Var Masked::sample(RandomKey key, const Shape& shape) const {
  return base_->sample(key, shape);
}

std::optional<ad::Var> Masked::mean() const { return broadcast_moment(base_->mean()); }

std::optional<ad::Var> Masked::variance() const { return broadcast_moment(base_->variance()); }

DistributionPtr mask(DistributionPtr d, ad::Var mask) {
  return std::make_shared<Masked>(std::move(d), mask);
}

}  // namespace ppl::dist
