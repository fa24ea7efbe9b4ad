#pragma once
// Distribution methods (expand, to_event, mask, log_prob), constraints and
// transforms as the language calls them.
#include <optional>
#include <string>
#include <vector>

#include "ad/tape.h"
#include "dist/constraint.h"
#include "dist/factory.h"
#include "runtime/value.h"

namespace ppl::runtime {

Value apply_distribution_method(const dist::DistributionPtr& d, const std::string& method,
                                const std::optional<ad::Var>& argument);
dist::Constraint constraint_from(const std::string& name, const std::vector<ad::Var>& bounds);
// The transform named `name` with its arguments; constants it makes go on `tape`.
dist::TransformPtr transform_from(const std::string& name, const std::vector<ad::Var>& args,
                                  ad::Tape& tape);

}  // namespace ppl::runtime
