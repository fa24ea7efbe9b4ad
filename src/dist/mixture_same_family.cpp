#include "dist/mixture_same_family.h"

#include <fmt/format.h>

#include <vector>

#include "ad/ops.h"
#include "dist/count_helpers.h"
#include "dist/transforms_detail.h"

namespace ppl::dist {

namespace {

Shape drop_last(const Shape& s, int n) {
  return Shape(std::span<const int64_t>(s.dims().data(), s.rank() - n));
}

Shape concatenated(const Shape& a, const Shape& b) {
  Shape out = a;
  for (int64_t n : b) out.push_back(n);
  return out;
}

Shape mixture_batch(const Categorical& mixing, const Distribution& components) {
  const Shape& cb = components.batch_shape();
  if (cb.rank() == 0 || cb[cb.rank() - 1] != mixing.num_categories())
    throw ArgumentError(fmt::format(
        "MixtureSameFamily: component_distribution must have a batch shape ending with the {} mixture "
        "components, got {}",
        mixing.num_categories(), cb.to_string()));
  try {
    return broadcast_shapes(mixing.batch_shape(), drop_last(cb, 1));
  } catch (const Error&) {
    throw ArgumentError(fmt::format(
        "MixtureSameFamily: the mixing batch shape {} does not broadcast with the component batch shape {}",
        mixing.batch_shape().to_string(), cb.to_string()));
  }
}

}  // namespace

MixtureSameFamily::MixtureSameFamily(std::shared_ptr<const Categorical> mixing, DistributionPtr components)
    : Distribution(mixture_batch(*mixing, *components), components->event_shape()),
      mixing_(std::move(mixing)),
      components_(std::move(components)) {}

ad::Var MixtureSameFamily::expand_to_events(ad::Var per_component) const {
  return detail::with_unit_axes(per_component, event_shape_.rank());
}

// x of shape [..., event] gets an axis of size 1 before its event dims, to
// broadcast against the K components.
ad::Var MixtureSameFamily::log_prob(ad::Var value) const {
  check_event_shape(*this, value);
  const int e = event_shape_.rank();
  const Shape& vs = value.shape();
  Shape expanded = drop_last(vs, e);
  expanded.push_back(1);
  for (int64_t n : event_shape_) expanded.push_back(n);
  ad::Var component_lp = components_->log_prob(ad::reshape(value, expanded));  // [..., K]
  return ad::logsumexp(component_lp + mixing_->log_probs(), -1);
}

ad::Var MixtureSameFamily::sample(RandomKey key, const Shape& shape) const {
  detail::check_sample_shape(*this, shape);
  const int e = event_shape_.rank();
  const int64_t k = mixing_->num_categories();
  const Shape outer = drop_last(shape, e);  // sample + batch
  std::vector<RandomKey> keys = split(key, 2);
  const Array which = mixing_->sample(keys[0], outer).value();
  Shape all_shape = outer;
  all_shape.push_back(k);
  all_shape = concatenated(all_shape, event_shape_);
  ad::Var all = components_->sample(keys[1], all_shape);
  const int64_t m = outer.numel(), per_event = event_shape_.numel();
  std::vector<int64_t> indices(m * per_event);
  for (int64_t i = 0; i < m; ++i) {
    const int64_t chosen = static_cast<int64_t>(which.values()[i]);
    for (int64_t j = 0; j < per_event; ++j) indices[i * per_event + j] = (i * k + chosen) * per_event + j;
  }
  return ad::reshape(ad::take(ad::reshape(all, Shape{all_shape.numel()}), indices, 0), shape);
}

std::optional<ad::Var> MixtureSameFamily::mean() const {
  std::optional<ad::Var> component_means = components_->mean();
  if (!component_means) return std::nullopt;
  const int axis = -1 - event_shape_.rank();
  ad::Var weights = expand_to_events(mixing_->probs());
  return broadcast_var(ad::sum(weights * *component_means, axis), concatenated(batch_shape_, event_shape_));
}

std::optional<ad::Var> MixtureSameFamily::variance() const {
  std::optional<ad::Var> component_means = components_->mean();
  std::optional<ad::Var> component_variances = components_->variance();
  if (!component_means || !component_variances) return std::nullopt;
  const int axis = -1 - event_shape_.rank();
  ad::Var weights = expand_to_events(mixing_->probs());
  ad::Var mean = ad::sum(weights * *component_means, axis);
  ad::Var second = ad::sum(weights * (*component_variances + ad::square(*component_means)), axis);
  return broadcast_var(second - ad::square(mean), concatenated(batch_shape_, event_shape_));
}

}  // namespace ppl::dist
