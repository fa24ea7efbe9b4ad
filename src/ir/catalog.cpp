#include "ir/catalog.h"

#include <algorithm>

#include "dist/registry.h"
#include "functions/registry.h"

namespace ppl::ir {
namespace {


std::vector<ConstraintSpec> make_constraints() {
  return {
      {"real", {}},
      {"real_vector", {}},
      {"positive", {}},
      {"nonnegative", {}},
      {"unit_interval", {}},
      {"simplex", {}},
      {"ordered_vector", {}},
      {"positive_ordered_vector", {}},
      {"zero_sum", {}},
      {"lower_cholesky", {}},
      {"corr_cholesky", {}},
      {"corr_matrix", {}},
      {"positive_definite", {}},
      {"softplus_positive", {}},
      {"boolean", {}},
      {"nonnegative_integer", {}},
      {"positive_integer", {}},
      {"interval", {required_param("lower_bound"), required_param("upper_bound")}},
      {"greater_than", {required_param("lower_bound")}},
      {"less_than", {required_param("upper_bound")}},
      {"integer_interval", {required_param("lower_bound"), required_param("upper_bound")}},
  };
}

std::vector<TransformSpec> make_transforms() {
  return {
      {"ExpTransform", {}},
      {"SigmoidTransform", {}},
      {"SoftplusTransform", {}},
      {"AffineTransform", {required_param("loc"), required_param("scale")}},
      {"OrderedTransform", {}},
      {"StickBreakingTransform", {}},
      {"LowerCholeskyTransform", {}},
      {"CorrCholeskyTransform", {}},
      {"TanhTransform", {}},
      {"PowerTransform", {required_param("exponent")}},
      {"PermuteTransform", {required_param("permutation")}},
      {"ZeroSumTransform", {}},
      {"LowerCholeskyAffine", {required_param("loc"), required_param("scale_tril")}},
  };
}

std::vector<MethodSpec> make_methods() {
  return {
      {"expand", {required_param("batch_shape")}, "broadcasts the batch shape to the given shape"},
      {"to_event", {optional_param("reinterpreted_batch_ndims")},
       "treats the rightmost batch dims (all when absent) as event dims"},
      {"mask", {required_param("mask")}, "keeps log-probabilities only where mask is true"},
      {"log_prob", {required_param("value")}, "log density (or mass) of value"},
      {"cdf", {required_param("value")}, "P(X <= value), elementwise (univariate families)"},
      {"log_cdf", {required_param("value")}, "log P(X <= value), accurate in the lower tail"},
      {"log_survival", {required_param("value")},
       "log P(X > value), accurate in the upper tail: a right-censored observation's term"},
      {"icdf", {required_param("q")}, "the quantile: the value whose cdf is q"},
  };
}

template <typename Spec>
const Spec* find_by_name(const std::vector<Spec>& list, std::string_view name) {
  auto it = std::find_if(list.begin(), list.end(), [&](const Spec& s) { return s.name == name; });
  return it == list.end() ? nullptr : &*it;
}

}  // namespace

const std::vector<DistributionSpec>& distributions() {
  static const std::vector<DistributionSpec> list = [] {
    std::vector<DistributionSpec> specs;
    for (const dist::DistributionEntry& entry : dist::distribution_registry())
      specs.push_back(entry.spec);
    return specs;
  }();
  return list;
}
const std::vector<FunctionSpec>& functions() { return functions::function_registry(); }
const std::vector<ConstraintSpec>& constraints() {
  static const std::vector<ConstraintSpec> list = make_constraints();
  return list;
}
const std::vector<TransformSpec>& transforms() {
  static const std::vector<TransformSpec> list = make_transforms();
  return list;
}
const std::vector<MethodSpec>& distribution_methods() {
  static const std::vector<MethodSpec> list = make_methods();
  return list;
}

const DistributionSpec* find_distribution(std::string_view name) {
  return find_by_name(distributions(), name);
}
const FunctionSpec* find_function(std::string_view name) { return functions::find_builtin(name); }
const ConstraintSpec* find_constraint(std::string_view name) {
  return find_by_name(constraints(), name);
}
const TransformSpec* find_transform(std::string_view name) {
  return find_by_name(transforms(), name);
}
const MethodSpec* find_distribution_method(std::string_view name) {
  return find_by_name(distribution_methods(), name);
}

std::vector<std::string> all_known_names() {
  std::vector<std::string> names;
  for (const auto& s : distributions()) names.push_back(s.name);
  for (const auto& s : functions()) names.push_back(s.name);
  for (const auto& s : constraints()) names.push_back(s.name);
  for (const auto& s : transforms()) names.push_back(s.name);
  return names;
}

std::string parameter_list(const std::vector<ParamSpec>& params) {
  std::string out;
  for (const ParamSpec& p : params) {
    if (!out.empty()) out += ", ";
    out += p.name;
  }
  return out;
}

}  // namespace ppl::ir
