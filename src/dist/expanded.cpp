#include "dist/expanded.h"

#include <fmt/format.h>

#include "ad/ops.h"
#include "dist/transforms_detail.h"

namespace ppl::dist {

namespace {

Shape checked_expansion(const DistributionPtr& base, const Shape& batch_shape) {
  if (!base) throw ArgumentError("Expanded: the base distribution is missing");
  bool ok = batch_shape.rank() >= base->batch_shape().rank();
  if (ok) {
    try {
      ok = broadcast_shapes(base->batch_shape(), batch_shape) == batch_shape;
    } catch (const Error&) {
      ok = false;
    }
  }
  if (!ok)
    throw ArgumentError(fmt::format("Expanded: cannot expand the batch shape {} of {} to {}",
                                    base->batch_shape().to_string(), base->name(),
                                    batch_shape.to_string()));
  return batch_shape;
}

}  // namespace

Expanded::Expanded(DistributionPtr base, Shape batch_shape)
    : Wrapper(checked_expansion(base, batch_shape), base ? base->event_shape() : Shape{}, base) {}

ad::Var Expanded::log_prob(ad::Var value) const {
  check_event_shape(*this, value);
  ad::Var lp = base_->log_prob(value);
  const Shape leading = detail::drop_right(value.shape(), event_shape_.rank());
  return broadcast_var(lp, broadcast_shapes(broadcast_shapes(leading, batch_shape_), lp.shape()));
}

ad::Var Expanded::to_batch(ad::Var of_base, const ad::Var& value) const {
  return broadcast_var(
      of_base, broadcast_shapes(broadcast_shapes(value.shape(), batch_shape_), of_base.shape()));
}

ad::Var Expanded::sample(RandomKey key, const Shape& shape) const {
  return base_->sample(key, shape);
}

std::optional<ad::Var> Expanded::mean() const { return broadcast_moment(base_->mean()); }

std::optional<ad::Var> Expanded::variance() const { return broadcast_moment(base_->variance()); }

DistributionPtr expand(DistributionPtr d, const Shape& batch_shape) {
  checked_expansion(d, batch_shape);
  if (d->batch_shape() == batch_shape) return d;
  if (auto inner = std::dynamic_pointer_cast<const Expanded>(d))
    return std::make_shared<Expanded>(inner->base(), batch_shape);
  return std::make_shared<Expanded>(std::move(d), batch_shape);
}

}  // namespace ppl::dist
