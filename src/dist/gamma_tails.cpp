#include "dist/gamma_tails.h"

#include <fmt/format.h>

#include <limits>

#include "ad/ops.h"
#include "dist/distribution.h"

namespace ppl::dist {

namespace {
void check_constant_shape(std::string_view family, std::string_view shape_role,
                          const ad::Var& a) {
  if (a.tape().needs_gradient(a.index()))
    throw ArgumentError(fmt::format(
        "{}: its CDF is differentiable in the value and the scale, not in {} (that derivative has "
        "no closed form); {} must not depend on latent values where the CDF is used",
        family, shape_role, shape_role));
}
}  // namespace

ad::Var gamma_quantile(std::string_view family, std::string_view shape_role, const ad::Var& a,
                       const ad::Var& q, bool upper) {
  check_constant_shape(family, shape_role, a);
  return ad::gamma_inc_inverse(a, q, upper);
}

ad::Var log_gamma_tail(std::string_view family, std::string_view shape_role, const ad::Var& a,
                       const ad::Var& y, bool upper) {
  ad::Tape& tape = y.tape();
  check_constant_shape(family, shape_role, a);
  const ad::Var positive = tape.constant(greater(y.value(), Array(0.0)));
  const ad::Var safe = ad::where(positive, y, tape.constant(1.0));
  const ad::Var tail = upper ? ad::log_gamma_q(a, safe) : ad::log_gamma_p(a, safe);
  const double at_zero = upper ? 0.0 : -std::numeric_limits<double>::infinity();
  return ad::where(positive, tail, tape.constant(at_zero));
}

}  // namespace ppl::dist
