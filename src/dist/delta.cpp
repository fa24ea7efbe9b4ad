#include "dist/delta.h"

#include <fmt/format.h>

#include "ad/ops.h"
#include "core/array_reduce.h"

namespace ppl::dist {

namespace {

// v's shape without its rightmost event_dim dims, broadcast with log_density's.
Shape delta_batch_shape(const ad::Var& v, const ad::Var& log_density, int event_dim) {
  if (event_dim < 0 || event_dim > v.shape().rank())
    throw ArgumentError(fmt::format("Delta: event_dim must be between 0 and the rank of v ({}), got {}",
                                    v.shape().rank(), event_dim));
  const auto dims = v.shape().dims();
  const Shape batch(dims.first(dims.size() - event_dim));
  return broadcast_shapes(batch, log_density.shape());
}

Shape delta_event_shape(const ad::Var& v, int event_dim) {
  if (event_dim < 0 || event_dim > v.shape().rank()) return Shape{};
  const auto dims = v.shape().dims();
  return Shape(dims.last(event_dim));
}

}  // namespace

Delta::Delta(ad::Var v, ad::Var log_density, int event_dim)
    : Distribution(delta_batch_shape(v, log_density, event_dim), delta_event_shape(v, event_dim)),
      v_(v),
      log_density_(log_density),
      event_dim_(event_dim) {}

Constraint Delta::support() const {
  return Constraint::of(event_dim_ == 0 ? ConstraintKind::Real : ConstraintKind::RealVector);
}

ad::Var Delta::log_prob(ad::Var value) const {
  check_event_shape(*this, value);
  if (event_dim_ == 0) return fused_log_density<DeltaKernel>({value, v_, log_density_});
  // log of the indicator of equality, summed over the event dims: 0 or -inf,
  // computed outside the tape: a replay would keep it fixed. The point
  // itself (a guide scoring its own draw) is 0 at any value a replay gives.
  if (value.index() != v_.index()) {
    tape().read_as_constant(value);
    tape().read_as_constant(v_);
  }
  Array indicator = log(equal(value.value(), v_.value()));
  for (int i = 0; i < event_dim_; ++i) indicator = sum(indicator, -1);
  return tape().constant(indicator) + log_density_;
}

ad::Var Delta::log_prob_sum(ad::Var value) const {
  check_event_shape(*this, value);
  if (event_dim_ == 0) return fused_log_density_sum<DeltaKernel>({value, v_, log_density_});
  return ad::sum(log_prob(value));
}

ad::Var Delta::sample(RandomKey, const Shape& shape) const { return broadcast_var(v_, shape); }

std::optional<ad::Var> Delta::mean() const {
  return broadcast_var(v_, full_shape(*this, Shape{}));
}

std::optional<ad::Var> Delta::variance() const {
  return tape().constant(Array::zeros(full_shape(*this, Shape{})));
}

}  // namespace ppl::dist
