#include "dist/discrete_uniform.h"

#include <cmath>

#include "ad/ops.h"
#include "core/array_math.h"
#include "dist/count_helpers.h"
#include "dist/elementwise_methods.h"

namespace ppl::dist {

void DiscreteUniformFamily::check(const DiscreteUniform& d) {
  const auto is_integer = [](const Array& v) {
    Array ok = v;
    ok.mutable_values() = (v.values() == v.values().floor()).cast<double>();
    return ok;
  };
  check_argument("DiscreteUniform", "low", d.parameter("low"), is_integer, "an integer");
  check_argument("DiscreteUniform", "high", d.parameter("high"), is_integer, "an integer");
  const Array high = broadcast_to(d.parameter("high").value(), d.batch_shape());
  check_argument("DiscreteUniform", "high", high,
                 greater_equal(high, broadcast_to(d.parameter("low").value(), d.batch_shape())),
                 "at least low");
}

Constraint DiscreteUniformFamily::support_of(const DiscreteUniform& d) {
  return Constraint::integer_interval(d.parameter("low"), d.parameter("high"));
}

// floor(low + U (high - low + 1)), kept at high when U rounds to 1.
ad::Var draw(const DiscreteUniform& d, RandomKey key, const Shape& shape) {
  struct Sampler {
    double low, high;
    UniformSampler unit{0.0, 1.0};
    double operator()(RandomStream& stream) const {
      return std::min(high, std::floor(low + unit(stream) * (high - low + 1.0)));
    }
  };
  return draw_by_element(d, key, shape, [](double low, double high) { return Sampler{low, high}; });
}

// (low + high) / 2; ((high - low + 1)^2 - 1) / 12.
ad::Var mean_of(const DiscreteUniform& d) {
  return 0.5 * (d.parameter("low") + d.parameter("high"));
}
ad::Var variance_of(const DiscreteUniform& d) {
  return (ad::square(d.parameter("high") - d.parameter("low") + 1.0) - 1.0) / 12.0;
}

// F(k) = (floor(k) - low + 1) / (high - low + 1), clipped to [0, 1].
ad::Var cdf_of(const DiscreteUniform& d, ad::Var k) {
  ad::Tape& tape = k.tape();
  Array counts = k.value();
  counts.mutable_values() = counts.values().floor();
  const ad::Var& low = d.parameter("low");
  const ad::Var share = (tape.constant(counts) - low + 1.0) / (d.parameter("high") - low + 1.0);
  const ad::Var below = tape.constant(less(share.value(), Array(0.0)));
  const ad::Var above = tape.constant(greater(share.value(), Array(1.0)));
  return ad::where(below, tape.constant(0.0), ad::where(above, tape.constant(1.0), share));
}

template class Elementwise<DiscreteUniformFamily>;

}  // namespace ppl::dist
