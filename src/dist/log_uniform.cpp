#include "dist/log_uniform.h"

#include "ad/ops.h"
#include "dist/elementwise_methods.h"
#include "dist/ordered_bounds.h"
#include "dist/noise_input.h"

namespace ppl::dist {

void LogUniformFamily::check(const LogUniform& d) { check_high_above_low("LogUniform", d); }

Constraint LogUniformFamily::support_of(const LogUniform& d) {
  return Constraint::interval(d.parameter("low"), d.parameter("high"));
}

namespace {
ad::Var log_ratio(const LogUniform& d) {
  return ad::log(d.parameter("high")) - ad::log(d.parameter("low"));
}
}  // namespace

// low (high / low)^U = exp(log low + U log(high / low)).
ad::Var draw(const LogUniform& d, RandomKey key, const Shape& shape) {
  const ad::Var u = noise_input(d.tape(), key, shape, UniformSampler(0.0, 1.0));
  return ad::exp(ad::log(d.parameter("low")) + u * log_ratio(d));
}

// (high - low) / log(high / low).
ad::Var mean_of(const LogUniform& d) {
  return (d.parameter("high") - d.parameter("low")) / log_ratio(d);
}

// (high^2 - low^2) / (2 log(high / low)) - mean^2.
ad::Var variance_of(const LogUniform& d) {
  return (ad::square(d.parameter("high")) - ad::square(d.parameter("low"))) / (2.0 * log_ratio(d)) -
         ad::square(mean_of(d));
}

// log(x / low) / log(high / low), clipped to [0, 1].
ad::Var cdf_of(const LogUniform& d, ad::Var x) {
  const ad::Var& low = d.parameter("low");
  const ad::Var& high = d.parameter("high");
  ad::Tape& tape = x.tape();
  const ad::Var below = tape.constant(less_equal(x.value(), low.value()));
  const ad::Var above = tape.constant(greater_equal(x.value(), high.value()));
  const ad::Var inside = ad::where(below, low, ad::where(above, high, x));
  return (ad::log(inside) - ad::log(low)) / log_ratio(d);
}
ad::Var icdf_of(const LogUniform& d, ad::Var q) {
  return ad::exp(ad::log(d.parameter("low")) + q * log_ratio(d));
}

template class Elementwise<LogUniformFamily>;

}  // namespace ppl::dist
