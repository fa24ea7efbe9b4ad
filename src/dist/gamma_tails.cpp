#include "dist/gamma_tails.h"

#include <limits>

#include "ad/ops.h"
#include "dist/constant_shape_parameters.h"
#include "dist/distribution.h"

namespace ppl::dist {

ad::Var gamma_quantile(std::string_view family, std::string_view shape_role, const ad::Var& a,
                       const ad::Var& q, bool upper) {
  require_constant_shapes(family, shape_role, "the value and the scale", {a});
  return ad::gamma_inc_inverse(a, q, upper);
}

ad::Var log_gamma_tail(std::string_view family, std::string_view shape_role, const ad::Var& a,
                       const ad::Var& y, bool upper) {
  ad::Tape& tape = y.tape();
  require_constant_shapes(family, shape_role, "the value and the scale", {a});
  const ad::Var positive = tape.constant(greater(y.value(), Array(0.0)));
  const ad::Var safe = ad::where(positive, y, tape.constant(1.0));
  const ad::Var tail = upper ? ad::log_gamma_q(a, safe) : ad::log_gamma_p(a, safe);
  const double at_zero = upper ? 0.0 : -std::numeric_limits<double>::infinity();
  return ad::where(positive, tail, tape.constant(at_zero));
}

}  // namespace ppl::dist
