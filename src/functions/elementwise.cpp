// Elementwise built-ins: functions of one argument, and of several that
// broadcast (NumPy's rules).
#include <cmath>

#include "ad/ops.h"
#include "core/array_math.h"
#include "functions/registry.h"

namespace ppl::functions {
namespace {

using ir::required_param;
using R = ir::ResultRule;

void unary(FunctionList& list, const char* name, const char* summary,
           ir::BuiltinImplementation implementation) {
  list.push_back({.name = name, .params = {required_param("x")}, .result = R::Elementwise,
                  .summary = summary, .implementation = std::move(implementation)});
}

// Values that only constants may pass through (no gradient defined here).
ir::BuiltinImplementation constant_map(const char* name, double (*f)(double)) {
  return [name, f](const BuiltinCall& c) {
    return constant_only(name, c.x(), map_array(c.x().value(), f));
  };
}

// minimum, maximum: choices read from the values, gradients through the chosen.
ir::BuiltinImplementation choose(bool smaller) {
  return [smaller](const BuiltinCall& c) {
    const Array& a = read_as_constant(c.arg(0)).value();
    const Array& b = read_as_constant(c.arg(1)).value();
    return ad::where(c.tape().constant(smaller ? less(a, b) : greater(a, b)), c.arg(0), c.arg(1));
  };
}

}  // namespace

void add_elementwise_functions(FunctionList& list) {
  unary(list, "exp", "e to the power x, elementwise", [](const BuiltinCall& c) { return ad::exp(c.x()); });
  unary(list, "log", "natural logarithm, elementwise", [](const BuiltinCall& c) { return ad::log(c.x()); });
  unary(list, "log1p", "log(1 + x), accurate for small x",
        [](const BuiltinCall& c) { return ad::log1p(c.x()); });
  unary(list, "expm1", "exp(x) - 1, accurate for small x",
        [](const BuiltinCall& c) { return ad::expm1(c.x()); });
  unary(list, "sqrt", "square root, elementwise", [](const BuiltinCall& c) { return ad::sqrt(c.x()); });
  unary(list, "abs", "absolute value, elementwise", [](const BuiltinCall& c) { return ad::abs(c.x()); });
  unary(list, "square", "x * x, elementwise", [](const BuiltinCall& c) { return ad::square(c.x()); });
  unary(list, "sin", "sine, elementwise", [](const BuiltinCall& c) { return ad::sin(c.x()); });
  unary(list, "cos", "cosine, elementwise", [](const BuiltinCall& c) { return ad::cos(c.x()); });
  unary(list, "tanh", "hyperbolic tangent, elementwise", [](const BuiltinCall& c) { return ad::tanh(c.x()); });
  unary(list, "sigmoid", "1 / (1 + exp(-x)), elementwise",
        [](const BuiltinCall& c) { return ad::sigmoid(c.x()); });
  unary(list, "logit", "log(x / (1 - x)), elementwise",
        [](const BuiltinCall& c) { return ad::log(c.x()) - ad::log1p(-c.x()); });
  unary(list, "softplus", "log(1 + exp(x)), elementwise and stable",
        [](const BuiltinCall& c) { return ad::softplus(c.x()); });
  unary(list, "relu", "max(x, 0), elementwise", [](const BuiltinCall& c) { return ad::relu(c.x()); });
  unary(list, "lgamma", "log of the gamma function, elementwise",
        [](const BuiltinCall& c) { return ad::lgamma(c.x()); });
  unary(list, "digamma", "derivative of lgamma, elementwise",
        [](const BuiltinCall& c) { return ad::digamma(c.x()); });
  unary(list, "floor", "largest integer not above x, elementwise",
        constant_map("floor", [](double v) { return std::floor(v); }));

  using ir::required_param;
  list.push_back({.name = "pow", .params = {required_param("x"), required_param("y")},
                  .result = R::Elementwise, .summary = "x to the power y, broadcasting",
                  .implementation = [](const BuiltinCall& c) { return ad::pow(c.arg(0), c.arg(1)); }});
  list.push_back({.name = "minimum", .params = {required_param("x"), required_param("y")},
                  .result = R::Elementwise, .summary = "elementwise minimum, broadcasting",
                  .implementation = choose(true)});
  list.push_back({.name = "maximum", .params = {required_param("x"), required_param("y")},
                  .result = R::Elementwise, .summary = "elementwise maximum, broadcasting",
                  .implementation = choose(false)});
  list.push_back(
      {.name = "clip",
       .params = {required_param("x"), required_param("low"), required_param("high")},
       .result = R::Elementwise,
       .summary = "x limited to [low, high]",
       .implementation = [](const BuiltinCall& c) {
         for (const auto& arg : c.args)
           if (arg) read_as_constant(*arg);
         ad::Var low = ad::where(c.tape().constant(less(c.x().value(), c.arg(1).value())), c.arg(1), c.x());
         return ad::where(c.tape().constant(greater(low.value(), c.arg(2).value())), c.arg(2), low);
       }});
  list.push_back({.name = "where",
                  .params = {required_param("condition"), required_param("x"), required_param("y")},
                  .result = R::Elementwise,
                  .summary = "x where condition holds, else y",
                  .implementation = [](const BuiltinCall& c) {
                    return ad::where(c.arg(0), c.arg(1), c.arg(2));
                  }});
}

}  // namespace ppl::functions
