#include "dist/beta_tails.h"

#include <limits>

#include "ad/ops.h"
#include "dist/constant_shape_parameters.h"
#include "dist/distribution.h"

namespace ppl::dist {

ad::Var beta_quantile(std::string_view family, std::string_view shape_roles, const ad::Var& a,
                      const ad::Var& b, const ad::Var& q, bool upper) {
  require_constant_shapes(family, shape_roles, "", {a, b});
  return ad::beta_inc_inverse(a, b, q, upper);
}

ad::Var log_beta_tail(std::string_view family, std::string_view shape_roles, const ad::Var& a,
                      const ad::Var& b, const ad::Var& y, bool upper) {
  ad::Tape& tape = y.tape();
  require_constant_shapes(family, shape_roles, "", {a, b});
  constexpr double minus_infinity = -std::numeric_limits<double>::infinity();
  const ad::Var below = tape.constant(less_equal(y.value(), Array(0.0)));
  const ad::Var above = tape.constant(greater_equal(y.value(), Array(1.0)));
  const ad::Var inside =
      ad::where(below, tape.constant(0.5), ad::where(above, tape.constant(0.5), y));
  const ad::Var tail =
      upper ? ad::log_beta_inc_complement(a, b, inside) : ad::log_beta_inc(a, b, inside);
  const ad::Var at_zero = tape.constant(upper ? 0.0 : minus_infinity);
  const ad::Var at_one = tape.constant(upper ? minus_infinity : 0.0);
  return ad::where(below, at_zero, ad::where(above, at_one, tail));
}

ad::Var count_plus_one(const ad::Var& k) {
  Array a = k.value();
  a.mutable_values() = a.values().floor().max(0.0) + 1.0;
  return k.tape().constant(a);
}

ad::Var count_tail(const ad::Var& k, const ad::Var& tail, bool upper) {
  ad::Tape& tape = k.tape();
  const ad::Var counted = tape.constant(greater_equal(k.value(), Array(0.0)));
  const ad::Var below = ad::where(
      counted, tail, tape.constant(upper ? 0.0 : -std::numeric_limits<double>::infinity()));
  // A NaN count is no count: NaN, not a tail.
  const ad::Var missing = tape.constant(not_equal(k.value(), k.value()));
  return ad::where(missing, tape.constant(std::numeric_limits<double>::quiet_NaN()), below);
}

}  // namespace ppl::dist
