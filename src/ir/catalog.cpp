#include "ir/catalog.h"

#include <algorithm>

#include "dist/registry.h"

namespace ppl::ir {
namespace {

ParamSpec req(std::string name) { return {std::move(name), Presence::Required, 0}; }
ParamSpec def(std::string name, double value) { return {std::move(name), Presence::Default, value}; }
ParamSpec opt(std::string name) { return {std::move(name), Presence::Optional, 0}; }

std::vector<FunctionSpec> make_functions() {
  using R = ResultRule;
  std::vector<FunctionSpec> list;
  auto unary = [&](const char* name, const char* summary) {
    list.push_back({name, {req("x")}, R::Elementwise, false, false, false, summary});
  };
  unary("exp", "e to the power x, elementwise");
  unary("log", "natural logarithm, elementwise");
  unary("log1p", "log(1 + x), accurate for small x");
  unary("expm1", "exp(x) - 1, accurate for small x");
  unary("sqrt", "square root, elementwise");
  unary("abs", "absolute value, elementwise");
  unary("square", "x * x, elementwise");
  unary("sin", "sine, elementwise");
  unary("cos", "cosine, elementwise");
  unary("tanh", "hyperbolic tangent, elementwise");
  unary("sigmoid", "1 / (1 + exp(-x)), elementwise");
  unary("logit", "log(x / (1 - x)), elementwise");
  unary("softplus", "log(1 + exp(x)), elementwise and stable");
  unary("relu", "max(x, 0), elementwise");
  unary("lgamma", "log of the gamma function, elementwise");
  unary("digamma", "derivative of lgamma, elementwise");
  unary("floor", "largest integer not above x, elementwise");
  list.push_back({"pow", {req("x"), req("y")}, R::Elementwise, false, false, false,
                  "x to the power y, broadcasting"});
  list.push_back({"minimum", {req("x"), req("y")}, R::Elementwise, false, false, false,
                  "elementwise minimum, broadcasting"});
  list.push_back({"maximum", {req("x"), req("y")}, R::Elementwise, false, false, false,
                  "elementwise maximum, broadcasting"});
  list.push_back({"clip", {req("x"), req("low"), req("high")}, R::Elementwise, false, false, false,
                  "x limited to [low, high]"});
  list.push_back({"where", {req("condition"), req("x"), req("y")}, R::Elementwise, false, false,
                  false, "x where condition holds, else y"});
  auto reduction = [&](const char* name, const char* summary) {
    list.push_back({name, {req("x"), opt("axis")}, R::Reduction, false, false, false, summary});
  };
  reduction("sum", "sum over an axis, or over everything");
  reduction("mean", "mean over an axis, or over everything");
  reduction("prod", "product over an axis, or over everything");
  reduction("std", "standard deviation (population) over an axis, or everything");
  reduction("var", "variance (population) over an axis, or everything");
  reduction("min", "minimum over an axis, or over everything");
  reduction("max", "maximum over an axis, or over everything");
  reduction("logsumexp", "log(sum(exp(x))) over an axis, computed stably");
  list.push_back({"cumsum", {req("x"), opt("axis")}, R::SameAsFirst, false, false, false,
                  "cumulative sum along an axis (flattened when absent)"});
  list.push_back({"softmax", {req("x"), def("axis", -1)}, R::SameAsFirst, false, false, false,
                  "exp(x) / sum(exp(x)) along an axis"});
  list.push_back({"log_softmax", {req("x"), def("axis", -1)}, R::SameAsFirst, false, false, false,
                  "x - logsumexp(x) along an axis"});
  list.push_back({"flip", {req("x"), def("axis", 0)}, R::SameAsFirst, false, false, false,
                  "reverses the order along an axis"});
  list.push_back({"dot", {req("x"), req("y")}, R::Unknown, false, false, false,
                  "dot product of vectors, or matrix product"});
  list.push_back({"transpose", {req("x")}, R::Unknown, false, false, false,
                  "reverses the axes (the matrix transpose for 2-d)"});
  list.push_back({"reshape", {req("x"), req("shape")}, R::NewArray, false, false, false,
                  "the same elements in a new shape"});
  list.push_back({"concat", {req("arrays"), def("axis", 0)}, R::Unknown, true, false, false,
                  "joins arrays along an existing axis"});
  list.push_back({"stack", {req("arrays"), def("axis", 0)}, R::Unknown, true, false, false,
                  "joins arrays along a new axis"});
  list.push_back({"zeros", {req("shape")}, R::NewArray, false, false, false,
                  "an array of zeros of the given shape"});
  list.push_back({"ones", {req("shape")}, R::NewArray, false, false, false,
                  "an array of ones of the given shape"});
  list.push_back({"full", {req("shape"), req("value")}, R::NewArray, false, false, false,
                  "an array of the given shape filled with value"});
  list.push_back({"eye", {req("n")}, R::NewArray, false, false, false, "the n x n identity"});
  list.push_back({"arange", {req("start"), opt("stop")}, R::NewArray, false, true, false,
                  "integers start, start + 1, ..., stop - 1 (or 0..start-1)"});
  list.push_back({"size", {req("x"), opt("axis")}, R::Scalar, false, true, false,
                  "number of elements, or the length of one axis"});
  list.push_back({"shape", {req("x")}, R::Unknown, false, true, false,
                  "the shape as an integer vector"});
  list.push_back({"cholesky", {req("x")}, R::SameAsFirst, false, false, false,
                  "lower Cholesky factor of a symmetric positive-definite matrix"});
  list.push_back({"triangular_solve", {req("L"), req("b")}, R::Unknown, false, false, false,
                  "solves L x = b for lower-triangular L"});
  list.push_back({"log_det", {req("x")}, R::Scalar, false, false, false,
                  "log-determinant of a symmetric positive-definite matrix"});
  list.push_back({"init_normal", {req("shape"), def("scale", 1)}, R::NewArray, false, false, true,
                  "random Normal(0, scale) array; only as a param's initial value"});
  list.push_back({"init_uniform", {req("shape"), def("low", -1), def("high", 1)}, R::NewArray,
                  false, false, true,
                  "random Uniform(low, high) array; only as a param's initial value"});
  return list;
}

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
      {"lower_cholesky", {}},
      {"corr_cholesky", {}},
      {"corr_matrix", {}},
      {"positive_definite", {}},
      {"softplus_positive", {}},
      {"boolean", {}},
      {"nonnegative_integer", {}},
      {"positive_integer", {}},
      {"interval", {req("lower_bound"), req("upper_bound")}},
      {"greater_than", {req("lower_bound")}},
      {"less_than", {req("upper_bound")}},
      {"integer_interval", {req("lower_bound"), req("upper_bound")}},
  };
}

std::vector<TransformSpec> make_transforms() {
  return {
      {"ExpTransform", {}},
      {"SigmoidTransform", {}},
      {"SoftplusTransform", {}},
      {"AffineTransform", {req("loc"), req("scale")}},
  };
}

std::vector<MethodSpec> make_methods() {
  return {
      {"expand", {req("batch_shape")}, "broadcasts the batch shape to the given shape"},
      {"to_event", {opt("reinterpreted_batch_ndims")},
       "treats the rightmost batch dims (all when absent) as event dims"},
      {"mask", {req("mask")}, "keeps log-probabilities only where mask is true"},
      {"log_prob", {req("value")}, "log density (or mass) of value"},
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
const std::vector<FunctionSpec>& functions() {
  static const std::vector<FunctionSpec> list = make_functions();
  return list;
}
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
const FunctionSpec* find_function(std::string_view name) { return find_by_name(functions(), name); }
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
