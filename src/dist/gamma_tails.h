#pragma once
// The tails of the Gamma family through the regularized incomplete gamma
// functions: log P(a, y) (upper = false) or log Q(a, y) (upper = true),
// with P = 0 and Q = 1 at y <= 0. Differentiable in y, not in the shape a:
// an `a` that needs a gradient is an ArgumentError naming the family and
// its parameter.
#include <string_view>

#include "ad/tape.h"

namespace ppl::dist {

ad::Var log_gamma_tail(std::string_view family, std::string_view shape_role, const ad::Var& a,
                       const ad::Var& y, bool upper);

// The y with P(a, y) = q (upper: Q(a, y) = q), differentiable in q, with
// the same refusal of an `a` that needs a gradient.
ad::Var gamma_quantile(std::string_view family, std::string_view shape_role, const ad::Var& a,
                       const ad::Var& q, bool upper);

}  // namespace ppl::dist
