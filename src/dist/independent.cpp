#include "dist/independent.h"

#include <fmt/format.h>

#include "ad/ops.h"
#include "dist/transforms.h"
#include "dist/transforms_detail.h"

namespace ppl::dist {

namespace {

Shape split_batch(const Distribution& base, int n, bool event_part) {
  const Shape& batch = base.batch_shape();
  if (n < 0 || n > batch.rank())
    throw ArgumentError(fmt::format(
        "Independent: cannot reinterpret {} batch dims of {}, whose batch shape {} has {}", n,
        base.name(), batch.to_string(), batch.rank()));
  if (!event_part) return detail::drop_right(batch, n);
  return detail::concat_shapes(Shape(batch.dims().last(static_cast<size_t>(n))),
                               base.event_shape());
}

const Distribution& require(const DistributionPtr& base) {
  if (!base) throw ArgumentError("Independent: the base distribution is missing");
  return *base;
}

}  // namespace

Independent::Independent(DistributionPtr base, int reinterpreted_batch_ndims)
    : Wrapper(split_batch(require(base), reinterpreted_batch_ndims, false),
              split_batch(*base, reinterpreted_batch_ndims, true), base),
      ndims_(reinterpreted_batch_ndims) {}

ad::Var Independent::log_prob(ad::Var value) const {
  check_event_shape(*this, value);
  return sum_rightmost(base_->log_prob(value), ndims_);
}

ad::Var Independent::sample(RandomKey key, const Shape& shape) const {
  return base_->sample(key, shape);
}

DistributionPtr to_event(DistributionPtr d, std::optional<int> n) {
  const int k = n ? *n : require(d).batch_shape().rank();
  if (k == 0) {
    split_batch(require(d), 0, false);
    return d;
  }
  if (auto inner = std::dynamic_pointer_cast<const Independent>(d)) {
    split_batch(*d, k, false);  // validates k against the outer batch shape
    return std::make_shared<Independent>(inner->base(), inner->reinterpreted_batch_ndims() + k);
  }
  return std::make_shared<Independent>(std::move(d), k);
}

}  // namespace ppl::dist
