#pragma once
// Pieces shared by the univariate continuous distributions: kernel helpers
// that evaluate a function of parameters once when the parameters have one
// element (like log_of and inverse_of in fused_elementwise.h), the
// log-density conventions at the edge of a support, argument checks, and
// elementwise draws from per-element samplers.
#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <tuple>

#include "core/array_math.h"
#include "core/broadcast.h"
#include "core/samplers.h"
#include "core/special_functions.h"
#include "dist/distribution.h"
#include "dist/fused_elementwise.h"

namespace ppl::dist {

inline constexpr double kNegativeInfinity = -std::numeric_limits<double>::infinity();

// f applied to every element of an aligned operand; once for an operand of
// one element.
template <class E, class F>
auto apply_of(const E& e, F f) {
  return e.unaryExpr(f);
}
template <class F>
ConstantExpression apply_of(const ConstantExpression& e, F f) {
  return Eigen::ArrayXd::Constant(e.rows(), f(e.functor()()));
}

// f(a, b) elementwise; once when both operands have one element.
template <class A, class B, class F>
auto apply_of(const A& a, const B& b, F f) {
  return a.binaryExpr(b, f);
}
template <class F>
ConstantExpression apply_of(const ConstantExpression& a, const ConstantExpression& b, F f) {
  return Eigen::ArrayXd::Constant(a.rows(), f(a.functor()(), b.functor()()));
}

// `density` where `inside` holds, -inf elsewhere: the log density outside
// the support (never NaN).
template <class C, class E>
auto inside_support(const C& inside, const E& density) {
  return inside.select(density, kNegativeInfinity);
}
// A partial derivative, zero outside the support (where the log density is
// the constant -inf).
template <class C, class E>
auto zero_outside(const C& inside, const E& partial) {
  return inside.select(partial, 0.0);
}

// c * y with 0 where c == 0, whatever y is (-inf at the edge of a support):
// the limit of the density there, as scipy's xlogy gives it.
template <class C, class Y>
auto times_unless_zero(const C& c, const Y& y) {
  return (c != 0.0).select(c * y, 0.0);
}

// ArgumentError "<dist>: <name> must be positive, got <v>" unless every element is > 0.
inline void check_positive(const std::string& distribution, const std::string& name, ad::Var v) {
  check_argument(distribution, name, v, domain::positive, "positive");
}

// ArgumentError "<dist>: <name> must be finite, got <v>": a location at
// infinity (5 / 0) has no density anywhere and its draws are not numbers.
inline void check_finite(const std::string& distribution, const std::string& name, ad::Var v) {
  check_argument(distribution, name, v, domain::finite, "finite");
}

// `shape` numbers: sample dims + the broadcast batch shape.
inline Array noise(RandomKey key, const Shape& shape, const auto& sampler) {
  return Array(shape, ppl::sample(key, sampler, shape.numel()));
}

// A draw of `shape` where element i comes from make(p_1[i], ..., p_k[i]), the
// parameters broadcast to `shape`; one sampler for all when every parameter
// has one element.
template <class Make, class... Parameters>
Array draw_each(RandomKey key, const Shape& shape, Make make, const Parameters&... parameters) {
  const int64_t n = shape.numel();
  if (((parameters.size() == 1) && ...)) {
    return Array(shape, ppl::sample(key, make(parameters.values()[0]...), n));
  }
  const std::array<Array, sizeof...(Parameters)> expanded{broadcast_to(parameters, shape)...};
  Eigen::ArrayXd out(n);
  RandomStream stream(key);
  for (int64_t i = 0; i < n; ++i) {
    out[i] = std::apply([&](const auto&... p) { return make(p.values()[i]...); }, expanded)(stream);
  }
  return Array(shape, std::move(out));
}

}  // namespace ppl::dist
