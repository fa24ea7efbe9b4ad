#pragma once
// The values a program computes: numbers (arrays on the autodiff tape),
// distributions, constraints and transforms.
#include <variant>
#include <vector>

#include "ad/tape.h"
#include "dist/constraint.h"
#include "dist/distribution.h"
#include "dist/factory.h"

namespace ppl::runtime {

using TransformList = std::vector<dist::TransformPtr>;
using Value = std::variant<std::monostate, ad::Var, dist::DistributionPtr, dist::Constraint,
                           TransformList>;

inline bool is_number(const Value& v) { return std::holds_alternative<ad::Var>(v); }

}  // namespace ppl::runtime
