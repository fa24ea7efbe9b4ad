#include "dist/gaussian_random_walk.h"

#include <fmt/format.h>

#include <numbers>
#include <vector>

#include "ad/ops.h"
#include "core/array_layout.h"
#include "dist/continuous_common.h"

namespace ppl::dist {

namespace {

int64_t checked_steps(int64_t num_steps) {
  if (num_steps < 1)
    throw ArgumentError(
        fmt::format("GaussianRandomWalk: num_steps must be at least 1, got {}", num_steps));
  return num_steps;
}

// x[..., start:stop] along the last axis.
ad::Var last_axis_slice(const ad::Var& x, int64_t start, int64_t stop) {
  std::vector<SliceRange> ranges(x.shape().rank());
  ranges.back() = {start, stop};
  return ad::slice(x, ranges);
}

}  // namespace

GaussianRandomWalk::GaussianRandomWalk(ad::Var scale, int64_t num_steps)
    : Distribution(scale.shape(), Shape{checked_steps(num_steps)}),
      scale_(scale),
      num_steps_(num_steps) {
  check_positive("GaussianRandomWalk", "scale", scale_);
}

ad::Var GaussianRandomWalk::scale_per_step() const {
  Shape shape = scale_.shape();
  shape.push_back(1);
  return ad::reshape(scale_, shape);
}

// The sum over steps of Normal(0, scale)'s log density of the increments
// x[0], x[1] - x[0], ...
ad::Var GaussianRandomWalk::log_prob(ad::Var value) const {
  check_event_shape(*this, value);
  ad::Var increments = last_axis_slice(value, 0, 1);
  if (num_steps_ > 1)
    increments = ad::concat({increments, last_axis_slice(value, 1, num_steps_) -
                                             last_axis_slice(value, 0, num_steps_ - 1)},
                            -1);
  const ad::Var scale = scale_per_step();
  constexpr double half_log_two_pi = 0.91893853320467274178;
  const ad::Var per_step = -0.5 * ad::square(increments / scale) - ad::log(scale) - half_log_two_pi;
  return ad::sum(per_step, -1);
}

ad::Var GaussianRandomWalk::sample(RandomKey key, const Shape& shape) const {
  const ad::Var steps = tape().constant(noise(key, shape, NormalSampler(0.0, 1.0)));
  return ad::cumsum(scale_per_step() * steps, -1);
}

std::optional<ad::Var> GaussianRandomWalk::mean() const {
  Shape shape = batch_shape_;
  shape.push_back(num_steps_);
  return tape().constant(Array::zeros(shape));
}

// scale^2 t at step t = 1, ..., num_steps.
std::optional<ad::Var> GaussianRandomWalk::variance() const {
  const ad::Var steps = tape().constant(Array::arange(1.0, static_cast<double>(num_steps_) + 1.0));
  return ad::square(scale_per_step()) * steps;
}

}  // namespace ppl::dist
