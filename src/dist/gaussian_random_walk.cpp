#include "dist/gaussian_random_walk.h"

#include <fmt/format.h>

#include <numbers>
#include <vector>

#include "ad/ops.h"
#include "core/array_layout.h"
#include "dist/continuous_common.h"
#include "dist/transforms_detail.h"
#include "dist/noise_input.h"

namespace ppl::dist {

namespace {

int64_t checked_steps(int64_t num_steps) {
  if (num_steps < 1)
    throw ArgumentError(
        fmt::format("GaussianRandomWalk: num_steps must be at least 1, got {}", num_steps));
  return num_steps;
}


}  // namespace

GaussianRandomWalk::GaussianRandomWalk(ad::Var scale, int64_t num_steps)
    : Distribution(scale.shape(), Shape{checked_steps(num_steps)}),
      scale_(scale),
      num_steps_(num_steps) {
  check_positive("GaussianRandomWalk", "scale", scale_);
}

ad::Var GaussianRandomWalk::scale_per_step() const { return detail::with_unit_axes(scale_); }

// The sum over steps of Normal(0, scale)'s log density of the increments
// x[0], x[1] - x[0], ...
ad::Var GaussianRandomWalk::log_prob(ad::Var value) const {
  check_event_shape(*this, value);
  ad::Var increments = detail::slice_last(value, 0, 1);
  if (num_steps_ > 1)
    increments = ad::concat({increments, detail::slice_last(value, 1, num_steps_) -
                                             detail::slice_last(value, 0, num_steps_ - 1)},
                            -1);
  const ad::Var scale = scale_per_step();
  constexpr double half_log_two_pi = 0.91893853320467274178;
  const ad::Var per_step = -0.5 * ad::square(increments / scale) - ad::log(scale) - half_log_two_pi;
  return ad::sum(per_step, -1);
}

ad::Var GaussianRandomWalk::sample(RandomKey key, const Shape& shape) const {
  const ad::Var steps = noise_input(tape(), key, shape, NormalSampler(0.0, 1.0));
  return ad::cumsum(scale_per_step() * steps, -1);
}

std::optional<ad::Var> GaussianRandomWalk::mean() const {
  return tape().constant(Array::zeros(full_shape(*this, Shape{})));
}

// scale^2 t at step t = 1, ..., num_steps.
std::optional<ad::Var> GaussianRandomWalk::variance() const {
  const ad::Var steps = tape().constant(Array::arange(1.0, static_cast<double>(num_steps_) + 1.0));
  return ad::square(scale_per_step()) * steps;
}

}  // namespace ppl::dist
