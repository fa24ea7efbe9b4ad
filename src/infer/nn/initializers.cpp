#include "infer/nn/initializers.h"

#include <cmath>

namespace ppl::infer::nn {

namespace {

// The sd of a standard normal truncated at +-2.
constexpr double kTruncatedNormalSd = 0.87962566103423978;

}  // namespace

Array glorot_normal(RandomKey key, int64_t fan_in, int64_t fan_out) {
  const double sd = std::sqrt(2.0 / static_cast<double>(fan_in + fan_out)) / kTruncatedNormalSd;
  Array out = Array::zeros(Shape{fan_in, fan_out});
  RandomStream stream(key);
  for (double& v : out.mutable_values()) {
    double z;
    do z = stream.normal();
    while (std::abs(z) > 2);
    v = sd * z;
  }
  return out;
}

Array glorot_uniform(RandomKey key, int64_t fan_in, int64_t fan_out) {
  const double limit = std::sqrt(6.0 / static_cast<double>(fan_in + fan_out));
  return uniform_entries(key, Shape{fan_in, fan_out}, -limit, limit);
}

Array normal_entries(RandomKey key, const Shape& shape, double sd) {
  Array out = Array::zeros(shape);
  RandomStream stream(key);
  for (double& v : out.mutable_values()) v = sd * stream.normal();
  return out;
}

Array uniform_entries(RandomKey key, const Shape& shape, double low, double high) {
  Array out = Array::zeros(shape);
  RandomStream stream(key);
  for (double& v : out.mutable_values()) v = low + (high - low) * stream.uniform();
  return out;
}

}  // namespace ppl::infer::nn
