// Elementwise built-ins: functions of one argument, and of several that
// broadcast (NumPy's rules).
#include <cmath>
#include <numbers>

#include "ad/ops.h"
#include "ad/ops_activation.h"
#include "core/array_math.h"
#include "functions/registry.h"

namespace ppl::functions {
namespace {

void unary(FunctionList& list, const char* name, const char* summary,
           ir::BuiltinImplementation implementation) {
  list.push_back({.name = name,
                  .params = {required_param("x")},
                  .result = R::Elementwise,
                  .summary = summary,
                  .implementation = std::move(implementation)});
}

void binary(FunctionList& list, const char* name, const char* summary,
            ir::BuiltinImplementation implementation) {
  list.push_back({.name = name,
                  .params = {required_param("x"), required_param("y")},
                  .result = R::Elementwise,
                  .summary = summary,
                  .implementation = std::move(implementation)});
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
  unary(list, "exp", "e to the power x, elementwise",
        [](const BuiltinCall& c) { return ad::exp(c.x()); });
  unary(list, "log", "natural logarithm, elementwise",
        [](const BuiltinCall& c) { return ad::log(c.x()); });
  unary(list, "log1p", "log(1 + x), accurate for small x",
        [](const BuiltinCall& c) { return ad::log1p(c.x()); });
  unary(list, "expm1", "exp(x) - 1, accurate for small x",
        [](const BuiltinCall& c) { return ad::expm1(c.x()); });
  unary(list, "sqrt", "square root, elementwise",
        [](const BuiltinCall& c) { return ad::sqrt(c.x()); });
  unary(list, "abs", "absolute value, elementwise",
        [](const BuiltinCall& c) { return ad::abs(c.x()); });
  unary(list, "square", "x * x, elementwise",
        [](const BuiltinCall& c) { return ad::square(c.x()); });
  unary(list, "sin", "sine, elementwise", [](const BuiltinCall& c) { return ad::sin(c.x()); });
  unary(list, "cos", "cosine, elementwise", [](const BuiltinCall& c) { return ad::cos(c.x()); });
  unary(list, "tanh", "hyperbolic tangent, elementwise",
        [](const BuiltinCall& c) { return ad::tanh(c.x()); });
  unary(list, "sigmoid", "1 / (1 + exp(-x)), elementwise",
        [](const BuiltinCall& c) { return ad::sigmoid(c.x()); });
  unary(list, "logit", "log(x / (1 - x)), elementwise",
        [](const BuiltinCall& c) { return ad::log(c.x()) - ad::log1p(-c.x()); });
  unary(list, "softplus", "log(1 + exp(x)), elementwise and stable",
        [](const BuiltinCall& c) { return ad::softplus(c.x()); });
  unary(list, "relu", "max(x, 0), elementwise",
        [](const BuiltinCall& c) { return ad::relu(c.x()); });
  unary(list, "elu", "x where x > 0, exp(x) - 1 elsewhere (jax.nn.elu), elementwise",
        [](const BuiltinCall& c) { return ad::elu(c.x()); });
  unary(list, "leaky_relu", "x where x > 0, 0.01 x elsewhere (jax.nn.leaky_relu), elementwise",
        [](const BuiltinCall& c) { return ad::leaky_relu(c.x()); });
  unary(list, "lgamma", "log of the gamma function, elementwise",
        [](const BuiltinCall& c) { return ad::lgamma(c.x()); });
  unary(list, "digamma", "derivative of lgamma, elementwise",
        [](const BuiltinCall& c) { return ad::digamma(c.x()); });
  unary(list, "floor", "largest integer not above x, elementwise",
        constant_map("floor", [](double v) { return std::floor(v); }));

  unary(list, "ceil", "smallest integer not below x, elementwise",
        constant_map("ceil", [](double v) { return std::ceil(v); }));
  unary(list, "round", "nearest integer, halves to even (NumPy's round), elementwise",
        constant_map("round", [](double v) { return std::nearbyint(v); }));
  unary(list, "sign", "-1, 0 or 1 as x is negative, zero or positive (NaN stays NaN)",
        constant_map("sign", [](double v) { return v > 0   ? 1.0
                                                   : v < 0 ? -1.0
                                                           : v; }));
  unary(list, "isnan", "1 where x is NaN, else 0",
        constant_map("isnan", [](double v) { return std::isnan(v) ? 1.0 : 0.0; }));
  unary(list, "isfinite", "1 where x is neither infinite nor NaN, else 0",
        constant_map("isfinite", [](double v) { return std::isfinite(v) ? 1.0 : 0.0; }));
  unary(list, "log2", "base-2 logarithm, elementwise",
        [](const BuiltinCall& c) { return ad::log(c.x()) / std::numbers::ln2; });
  unary(list, "log10", "base-10 logarithm, elementwise",
        [](const BuiltinCall& c) { return ad::log(c.x()) / std::numbers::ln10; });
  unary(list, "log1m", "log(1 - x), accurate for small x (Stan's name)",
        [](const BuiltinCall& c) { return ad::log1p(-c.x()); });
  unary(list, "log1m_exp", "log(1 - exp(x)) for x <= 0, accurate at both ends (Stan's name)",
        [](const BuiltinCall& c) { return ad::log1mexp(c.x()); });
  unary(list, "erf", "the error function, elementwise",
        [](const BuiltinCall& c) { return ad::erf(c.x()); });
  unary(list, "erfc", "1 - erf(x), accurate where erf(x) is near 1",
        [](const BuiltinCall& c) { return ad::erfc(c.x()); });
  unary(list, "ndtr", "the standard normal CDF (SciPy's name; Stan's Phi)",
        [](const BuiltinCall& c) { return ad::ndtr(c.x()); });
  unary(list, "Phi", "the standard normal CDF (Stan's name; SciPy's ndtr)",
        [](const BuiltinCall& c) { return ad::ndtr(c.x()); });
  unary(list, "log_ndtr", "log of the standard normal CDF, accurate far into the lower tail",
        [](const BuiltinCall& c) { return ad::log_ndtr(c.x()); });
  unary(list, "ndtri", "the standard normal quantile, inverse of ndtr (Stan's inv_Phi)",
        [](const BuiltinCall& c) { return ad::ndtri(c.x()); });
  unary(list, "inv_Phi", "the standard normal quantile (Stan's name; SciPy's ndtri)",
        [](const BuiltinCall& c) { return ad::ndtri(c.x()); });
  unary(list, "tan", "tangent, elementwise", [](const BuiltinCall& c) { return ad::tan(c.x()); });
  for (const char* name : {"arcsin", "asin"})
    unary(list, name, "inverse sine, in [-pi/2, pi/2]",
          [](const BuiltinCall& c) { return ad::arcsin(c.x()); });
  for (const char* name : {"arccos", "acos"})
    unary(list, name, "inverse cosine, in [0, pi]",
          [](const BuiltinCall& c) { return ad::arccos(c.x()); });
  for (const char* name : {"arctan", "atan"})
    unary(list, name, "inverse tangent, in (-pi/2, pi/2)",
          [](const BuiltinCall& c) { return ad::arctan(c.x()); });
  unary(list, "sinh", "hyperbolic sine, elementwise",
        [](const BuiltinCall& c) { return ad::sinh(c.x()); });
  unary(list, "cosh", "hyperbolic cosine, elementwise",
        [](const BuiltinCall& c) { return ad::cosh(c.x()); });
  for (const char* name : {"arcsinh", "asinh"})
    unary(list, name, "inverse hyperbolic sine",
          [](const BuiltinCall& c) { return ad::arcsinh(c.x()); });
  for (const char* name : {"arctanh", "atanh"})
    unary(list, name, "inverse hyperbolic tangent, on (-1, 1)",
          [](const BuiltinCall& c) { return ad::arctanh(c.x()); });

  binary(list, "pow", "x to the power y, broadcasting",
         [](const BuiltinCall& c) { return ad::pow(c.arg(0), c.arg(1)); });
  binary(list, "minimum", "elementwise minimum, broadcasting", choose(true));
  binary(list, "maximum", "elementwise maximum, broadcasting", choose(false));

  binary(list, "logaddexp", "log(exp(x) + exp(y)), stable, broadcasting",
         [](const BuiltinCall& c) { return ad::logaddexp(c.arg(0), c.arg(1)); });
  for (const char* name : {"arctan2", "atan2"})
    binary(list, name, "arctan(x / y) in the quadrant of the point (y, x): NumPy's arctan2(x1, x2)",
           [](const BuiltinCall& c) { return ad::arctan2(c.arg(0), c.arg(1)); });
  // x log(y), 0 where x is 0 whatever y is; log reads 1 there so that no
  // NaN reaches the gradient.
  binary(list, "xlogy", "x * log(y), 0 where x is 0 (SciPy's xlogy)", [](const BuiltinCall& c) {
    const ad::Var x_is_zero = c.tape().constant(
        map_array(c.arg(0).value(), [](double v) { return v == 0.0 ? 1.0 : 0.0; }));
    return c.arg(0) * ad::log(ad::where(x_is_zero, c.tape().constant(1.0), c.arg(1)));
  });
  for (const char* name : {"betaln", "lbeta"})
    binary(list, name, "log |B(x, y)| = lgamma(x) + lgamma(y) - lgamma(x + y)",
           [](const BuiltinCall& c) {
             return ad::lgamma(c.arg(0)) + ad::lgamma(c.arg(1)) - ad::lgamma(c.arg(0) + c.arg(1));
           });
  binary(list, "lchoose", "log of the binomial coefficient (x choose y), Stan's lchoose",
         [](const BuiltinCall& c) {
           const ad::Var& n = c.arg(0);
           const ad::Var& k = c.arg(1);
           return ad::lgamma(n + 1.0) - ad::lgamma(k + 1.0) - ad::lgamma(n - k + 1.0);
         });
  list.push_back(
      {.name = "clip",
       .params = {required_param("x"), required_param("low"), required_param("high")},
       .result = R::Elementwise,
       .summary = "x limited to [low, high]",
       .implementation = [](const BuiltinCall& c) {
         for (const auto& arg : c.args)
           if (arg) read_as_constant(*arg);
         ad::Var low =
             ad::where(c.tape().constant(less(c.x().value(), c.arg(1).value())), c.arg(1), c.x());
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
