#pragma once
// The tails of the Beta family and of the binomial and negative binomial
// counts through the regularized incomplete beta function: log I_y(a, b)
// (upper = false) or log(1 - I_y(a, b)) (upper = true), with I = 0 at
// y <= 0 and 1 at y >= 1. Differentiable in y, not in the shapes a and b: a
// shape that needs a gradient is an ArgumentError naming the family and the
// parameter it comes from.
#include <string_view>

#include "ad/tape.h"

namespace ppl::dist {

ad::Var log_beta_tail(std::string_view family, std::string_view shape_roles, const ad::Var& a,
                      const ad::Var& b, const ad::Var& y, bool upper);

// The y with I_y(a, b) = q (upper: 1 - I_y(a, b) = q), differentiable in q,
// with the same refusal of shapes that need a gradient.
ad::Var beta_quantile(std::string_view family, std::string_view shape_roles, const ad::Var& a,
                      const ad::Var& b, const ad::Var& q, bool upper);

// floor(k) + 1 for counts k >= 0 (1 below): the b = k + 1 of a count's CDF,
// a constant (counts are data).
ad::Var count_plus_one(const ad::Var& k);

// A count's log CDF (upper = false) or log survival from `tail`, its value
// at counts k >= 0: below 0 they are -inf and 0.
ad::Var count_tail(const ad::Var& k, const ad::Var& tail, bool upper);

}  // namespace ppl::dist
