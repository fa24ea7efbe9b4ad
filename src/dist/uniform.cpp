#include "dist/uniform.h"

#include "ad/ops.h"
#include "dist/elementwise_methods.h"
#include "dist/ordered_bounds.h"
#include "dist/noise_input.h"

namespace ppl::dist {

void UniformFamily::check(const Uniform& d) { check_high_above_low("Uniform", d); }

Constraint UniformFamily::support_of(const Uniform& d) {
  return Constraint::interval(d.parameter("low"), d.parameter("high"));
}

// low + (high - low) U.
ad::Var draw(const Uniform& d, RandomKey key, const Shape& shape) {
  const ad::Var& low = d.parameter("low");
  const ad::Var& high = d.parameter("high");
  return low + (high - low) * noise_input(d.tape(), key, shape, UniformSampler(0.0, 1.0));
}

ad::Var mean_of(const Uniform& d) {
  return 0.5 * (d.parameter("low") + d.parameter("high"));
}

ad::Var variance_of(const Uniform& d) {
  return ad::square(d.parameter("high") - d.parameter("low")) / 12.0;
}

// (x - low) / (high - low), clipped to [0, 1].
ad::Var cdf_of(const Uniform& d, ad::Var x) {
  const ad::Var& low = d.parameter("low");
  const ad::Var& high = d.parameter("high");
  const ad::Var u = (x - low) / (high - low);
  ad::Tape& tape = x.tape();
  const ad::Var below = tape.constant(less(u.value(), Array(0.0)));
  const ad::Var above = tape.constant(greater(u.value(), Array(1.0)));
  return ad::where(below, tape.constant(0.0), ad::where(above, tape.constant(1.0), u));
}
ad::Var icdf_of(const Uniform& d, ad::Var q) {
  const ad::Var& low = d.parameter("low");
  return low + q * (d.parameter("high") - low);
}

template class Elementwise<UniformFamily>;

}  // namespace ppl::dist
