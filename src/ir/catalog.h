#pragma once
// What the language knows by name: distributions, built-in functions,
// constraints, transforms and distribution methods, each with its argument
// list in NumPyro's order and with NumPyro's defaults. The checker validates
// calls against it; lowering puts arguments in this order and stores the
// entry in the call. Distributions and built-in functions are their
// registries' entries (src/dist/registry.h, src/functions/registry.h),
// which carry their implementations.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ir/spec.h"

namespace ppl::ir {

struct ConstraintSpec {
  std::string name;
  std::vector<ParamSpec> params;  // empty: used as a bare name (positive)
};

struct TransformSpec {
  std::string name;
  std::vector<ParamSpec> params;
};

struct MethodSpec {
  std::string name;
  std::vector<ParamSpec> params;
  std::string summary;
};

const DistributionSpec* find_distribution(std::string_view name);
const FunctionSpec* find_function(std::string_view name);
const ConstraintSpec* find_constraint(std::string_view name);
const TransformSpec* find_transform(std::string_view name);
const MethodSpec* find_distribution_method(std::string_view name);

const std::vector<DistributionSpec>& distributions();
const std::vector<FunctionSpec>& functions();
const std::vector<ConstraintSpec>& constraints();
const std::vector<TransformSpec>& transforms();
const std::vector<MethodSpec>& distribution_methods();

// Every name above, for "did you mean" suggestions.
std::vector<std::string> all_known_names();

// "loc, scale" for messages.
std::string parameter_list(const std::vector<ParamSpec>& params);

}  // namespace ppl::ir
