#include "dist/zero_sum_normal.h"

#include <fmt/format.h>

#include <cmath>

#include "ad/ops.h"
#include "dist/continuous_common.h"
#include "dist/count_helpers.h"
#include "dist/transforms_detail.h"

namespace ppl::dist {

namespace {

constexpr double kHalfLogTwoPi = 0.91893853320467274178;

int64_t checked_size(int64_t size) {
  if (size < 2)
    throw ArgumentError(
        fmt::format("ZeroSumNormal: event_shape must be one size of at least 2, got {}", size));
  return size;
}

}  // namespace

ZeroSumNormal::ZeroSumNormal(ad::Var scale, int64_t size)
    : Distribution(scale.shape(), Shape{checked_size(size)}), scale_(scale) {
  check_positive("ZeroSumNormal", "scale", scale_);
}

ad::Var ZeroSumNormal::scale_per_entry() const { return detail::with_unit_axes(scale_); }

ad::Var ZeroSumNormal::log_prob(ad::Var value) const {
  check_event_shape(*this, value);
  const double free = static_cast<double>(event_shape_[0] - 1);
  return -0.5 * ad::sum(ad::square(value / scale_per_entry()), -1) -
         free * (ad::log(scale_) + kHalfLogTwoPi);
}

ad::Var ZeroSumNormal::sample(RandomKey key, const Shape& shape) const {
  detail::check_sample_shape(*this, shape);
  const ad::Var draws = tape().constant(noise(key, shape, NormalSampler(0.0, 1.0)));
  return scale_per_entry() * (draws - ad::mean(draws, -1, /*keepdims=*/true));
}

std::optional<ad::Var> ZeroSumNormal::mean() const {
  return tape().constant(Array::zeros(full_shape(*this, Shape{})));
}

std::optional<ad::Var> ZeroSumNormal::variance() const {
  const double n = static_cast<double>(event_shape_[0]);
  return broadcast_var(ad::square(scale_per_entry()) * (1.0 - 1.0 / n),
                       full_shape(*this, Shape{}));
}

}  // namespace ppl::dist
