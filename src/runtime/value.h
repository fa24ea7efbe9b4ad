#pragma once
// The values a program computes: numbers (arrays on the autodiff tape),
// distributions, constraints, transforms and lists of distributions
// (Mixture's components).
#include <variant>
#include <vector>

#include "ad/tape.h"
#include "dist/constraint.h"
#include "dist/distribution.h"
#include "dist/factory.h"

namespace ppl::runtime {

using TransformList = std::vector<dist::TransformPtr>;
using DistributionList = std::vector<dist::DistributionPtr>;
using Value = std::variant<std::monostate, ad::Var, dist::DistributionPtr, dist::Constraint,
                           TransformList, DistributionList>;

inline bool is_number(const Value& v) { return std::holds_alternative<ad::Var>(v); }

}  // namespace ppl::runtime
