#include "dist/mixture_general.h"

#include <fmt/format.h>

#include <span>

#include "ad/ops.h"
#include "dist/count_helpers.h"
#include "dist/expanded.h"
#include "dist/transforms_detail.h"

namespace ppl::dist {

namespace {

const char* kName = "MixtureGeneral";

Shape mixture_batch(const Categorical& mixing, const std::vector<DistributionPtr>& components) {
  if (static_cast<int64_t>(components.size()) != mixing.num_categories())
    throw ArgumentError(
        fmt::format("{}: the mixing distribution has {} categories but {} components are given",
                    kName, mixing.num_categories(), components.size()));
  Shape batch = mixing.batch_shape();
  const Distribution& first = *components.front();
  for (size_t k = 0; k < components.size(); ++k) {
    const Distribution& c = *components[k];
    if (!(c.event_shape() == first.event_shape()))
      throw ArgumentError(fmt::format(
          "{}: components must share their event shape; component 0 has {}, component {} has {}",
          kName, first.event_shape().to_string(), k, c.event_shape().to_string()));
    if (c.support().to_string() != first.support().to_string())
      throw ArgumentError(fmt::format(
          "{}: components must share their support; component 0 ({}) has {}, component {} ({}) "
          "has {}",
          kName, first.name(), first.support().to_string(), k, c.name(), c.support().to_string()));
    try {
      batch = broadcast_shapes(batch, c.batch_shape());
    } catch (const Error&) {
      throw ArgumentError(
          fmt::format("{}: component {} has batch shape {}, which does not broadcast with {}",
                      kName, k, c.batch_shape().to_string(), batch.to_string()));
    }
  }
  return batch;
}

const std::vector<DistributionPtr>& nonempty(const std::vector<DistributionPtr>& components) {
  if (components.empty())
    throw ArgumentError(fmt::format("{}: component_distributions is an empty list", kName));
  return components;
}

}  // namespace

MixtureGeneral::MixtureGeneral(std::shared_ptr<const Categorical> mixing,
                               std::vector<DistributionPtr> components)
    : Distribution(mixture_batch(*mixing, nonempty(components)),
                   nonempty(components).front()->event_shape()),
      mixing_(std::move(mixing)),
      components_(std::move(components)) {}

ad::Var MixtureGeneral::weight(int64_t k) const {
  const std::vector<int64_t> which{k};
  Shape shape = mixing_->batch_shape();
  for (int i = 0; i < event_shape_.rank(); ++i) shape.push_back(1);
  return ad::reshape(ad::take(mixing_->probs(), which, -1), shape);
}

ad::Var MixtureGeneral::log_prob(ad::Var value) const {
  check_event_shape(*this, value);
  const Shape out =
      broadcast_shapes(detail::drop_right(value.shape(), event_shape_.rank()), batch_shape_);
  std::vector<ad::Var> per_component;
  for (const DistributionPtr& c : components_)
    per_component.push_back(broadcast_var(c->log_prob(value), out));
  const ad::Var stacked =
      ad::stack(std::span<const ad::Var>(per_component), out.rank());  // [..., K]
  return ad::logsumexp(stacked + mixing_->log_probs(), -1);
}

ad::Var MixtureGeneral::sample(RandomKey key, const Shape& shape) const {
  detail::check_sample_shape(*this, shape);
  const int e = event_shape_.rank();
  const int64_t k = static_cast<int64_t>(components_.size());
  const Shape outer = detail::drop_right(shape, e);  // sample + batch
  const Array which = mixing_->sample(fold_in(key, "mixing"), outer).value();
  std::vector<ad::Var> draws;
  for (int64_t c = 0; c < k; ++c)
    draws.push_back(expand(components_[static_cast<size_t>(c)], batch_shape_)
                        ->sample(fold_in(key, static_cast<uint64_t>(c)), shape));
  // [outer..., K, event...], then the chosen component of each outer entry.
  const ad::Var all = ad::stack(std::span<const ad::Var>(draws), outer.rank());
  const int64_t m = outer.numel(), per_event = event_shape_.numel();
  std::vector<int64_t> indices(static_cast<size_t>(m * per_event));
  for (int64_t i = 0; i < m; ++i) {
    const auto chosen = static_cast<int64_t>(which.values()[i]);
    for (int64_t j = 0; j < per_event; ++j)
      indices[static_cast<size_t>(i * per_event + j)] = (i * k + chosen) * per_event + j;
  }
  return ad::reshape(ad::take(ad::reshape(all, Shape{all.value().size()}), indices, 0), shape);
}

std::optional<ad::Var> MixtureGeneral::mean() const {
  std::optional<ad::Var> total;
  for (size_t k = 0; k < components_.size(); ++k) {
    std::optional<ad::Var> m = components_[k]->mean();
    if (!m) return std::nullopt;
    const ad::Var term = weight(static_cast<int64_t>(k)) * *m;
    total = total ? *total + term : term;
  }
  return broadcast_var(*total, detail::concat_shapes(batch_shape_, event_shape_));
}

std::optional<ad::Var> MixtureGeneral::variance() const {
  std::optional<ad::Var> first, second;
  for (size_t k = 0; k < components_.size(); ++k) {
    std::optional<ad::Var> m = components_[k]->mean();
    std::optional<ad::Var> v = components_[k]->variance();
    if (!m || !v) return std::nullopt;
    const ad::Var w = weight(static_cast<int64_t>(k));
    first = first ? *first + w * *m : w * *m;
    second = second ? *second + w * (*v + ad::square(*m)) : w * (*v + ad::square(*m));
  }
  return broadcast_var(*second - ad::square(*first),
                       detail::concat_shapes(batch_shape_, event_shape_));
}

}  // namespace ppl::dist
