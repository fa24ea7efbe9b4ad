#pragma once
// The incomplete beta and gamma functions behind the Beta and Gamma CDFs
// have no closed-form derivative in their shape parameters, so those must
// be constants where a CDF or quantile is used.
#include <initializer_list>
#include <string_view>

#include "ad/tape.h"

namespace ppl::dist {

// An ArgumentError naming the family and `shape_roles` when one of `shapes`
// needs a gradient; `differentiable_in` says what the CDF is differentiable
// in, empty for nothing.
void require_constant_shapes(std::string_view family, std::string_view shape_roles,
                             std::string_view differentiable_in,
                             std::initializer_list<ad::Var> shapes);

}  // namespace ppl::dist
