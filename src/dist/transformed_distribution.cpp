#include "dist/transformed_distribution.h"

#include <fmt/format.h>

#include <algorithm>

#include "ad/ops.h"
#include "dist/transforms_detail.h"

namespace ppl::dist {

namespace {

TransformPtr combine(const DistributionPtr& base, const std::vector<TransformPtr>& transforms) {
  if (!base) throw ArgumentError("TransformedDistribution: the base distribution is missing");
  for (const auto& t : transforms)
    if (!t) throw ArgumentError("TransformedDistribution: a transform is missing");
  if (transforms.size() == 1) return transforms.front();
  return std::make_shared<ComposedTransform>(transforms);
}

// batch + event of the transformed law, split at its event rank.
std::pair<Shape, Shape> transformed_shapes(const Distribution& base, const Transform& t) {
  const int base_event = base.event_shape().rank();
  const int event_dim =
      std::max(t.event_dim(), base_event + t.event_dim() - t.domain_event_dim());
  const Shape base_full = detail::concat_shapes(base.batch_shape(), base.event_shape());
  if (base_full.rank() < t.domain_event_dim())
    throw ArgumentError(fmt::format(
        "TransformedDistribution: the transform {} needs values of rank {} or more, and {} has "
        "shape {}",
        t.name(), t.domain_event_dim(), base.name(), base_full.to_string()));
  const Shape full = t.forward_shape(base_full);
  if (full.rank() < event_dim)
    throw ArgumentError(fmt::format("TransformedDistribution: shape {} has fewer than {} dims",
                                    full.to_string(), event_dim));
  return {detail::drop_right(full, event_dim),
          Shape(full.dims().last(static_cast<size_t>(event_dim)))};
}

}  // namespace

TransformedDistribution::TransformedDistribution(DistributionPtr base,
                                                 std::vector<TransformPtr> transforms)
    : Distribution(Shape{}, Shape{}),
      base_(std::move(base)),
      transforms_(std::move(transforms)),
      transform_(combine(base_, transforms_)) {
  auto [batch, event] = transformed_shapes(*base_, *transform_);
  batch_shape_ = batch;
  event_shape_ = event;
}

ad::Var TransformedDistribution::log_prob(ad::Var value) const {
  check_event_shape(*this, value);
  const ad::Var x = transform_->inverse_var(value);
  // Event dims of y beyond the transform's own codomain event come from base
  // event dims or from base batch dims reinterpreted; sum over the latter.
  const int event_dim = event_shape_.rank();
  const int base_reinterpreted = event_dim - base_->event_shape().rank() -
                                 transform_->event_dim() + transform_->domain_event_dim();
  ad::Var base_lp = sum_rightmost(base_->log_prob(x), base_reinterpreted);
  ad::Var ladj = sum_rightmost(transform_->log_abs_det_jacobian(x, value),
                               event_dim - transform_->event_dim());
  return base_lp - ladj;
}

ad::Var TransformedDistribution::sample(RandomKey key, const Shape& shape) const {
  return transform_->forward(base_->sample(key, transform_->inverse_shape(shape)));
}

}  // namespace ppl::dist
