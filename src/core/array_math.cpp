#include "core/array_math.h"

#include "core/broadcast.h"
#include "core/special_functions.h"
#include "core/stable_math.h"
#include "core/fast_tanh.h"

namespace ppl {

namespace {

template <class F>
Array binary(const Array& a, const Array& b, F f) {
  const Shape out = broadcast_shapes(a.shape(), b.shape());
  Array result;
  with_aligned(a, b, out, [&](const auto& x, const auto& y) { result.assign(out, f(x, y)); });
  return result;
}

template <class F>
Array unary(const Array& a, F f) {
  Array result;
  result.assign(a.shape(), f(a.values()));
  return result;
}

template <class F>
Array mask(const Array& a, const Array& b, F f) {
  return binary(a, b, [&](const auto& x, const auto& y) { return f(x, y).template cast<double>(); });
}

}  // namespace

Array operator+(const Array& a, const Array& b) {
  return binary(a, b, [](const auto& x, const auto& y) { return x + y; });
}
Array operator-(const Array& a, const Array& b) {
  return binary(a, b, [](const auto& x, const auto& y) { return x - y; });
}
Array operator*(const Array& a, const Array& b) {
  return binary(a, b, [](const auto& x, const auto& y) { return x * y; });
}
Array operator/(const Array& a, const Array& b) {
  return binary(a, b, [](const auto& x, const auto& y) { return x / y; });
}
Array operator+(const Array& a, double b) { return a + Array(b); }
Array operator-(const Array& a, double b) { return a - Array(b); }
Array operator*(const Array& a, double b) { return a * Array(b); }
Array operator/(const Array& a, double b) { return a / Array(b); }
Array operator+(double a, const Array& b) { return Array(a) + b; }
Array operator-(double a, const Array& b) { return Array(a) - b; }
Array operator*(double a, const Array& b) { return Array(a) * b; }
Array operator/(double a, const Array& b) { return Array(a) / b; }
Array operator-(const Array& a) {
  return unary(a, [](const auto& x) { return -x; });
}
Array pow(const Array& base, const Array& exponent) {
  return binary(base, exponent, [](const auto& x, const auto& y) { return x.pow(y); });
}
Array pow(const Array& base, double exponent) { return pow(base, Array(exponent)); }

Array exp(const Array& a) {
  return unary(a, [](const auto& x) { return x.exp(); });
}
Array log(const Array& a) {
  return unary(a, [](const auto& x) { return x.log(); });
}
Array log1p(const Array& a) {
  return unary(a, [](const auto& x) { return x.log1p(); });
}
Array expm1(const Array& a) {
  return unary(a, [](const auto& x) { return x.expm1(); });
}
Array sqrt(const Array& a) {
  return unary(a, [](const auto& x) { return x.sqrt(); });
}
Array abs(const Array& a) {
  return unary(a, [](const auto& x) { return x.abs(); });
}
Array square(const Array& a) {
  return unary(a, [](const auto& x) { return x.square(); });
}
Array tanh(const Array& a) {
  return unary(a, [](const auto& x) { return fast_tanh(x); });
}
Array sigmoid(const Array& a) {
  return unary(a, [](const auto& x) { return stable_sigmoid(x); });
}
Array softplus(const Array& a) {
  return unary(a, [](const auto& x) { return stable_softplus(x); });
}
Array log_sigmoid(const Array& a) {
  return unary(a, [](const auto& x) { return -stable_softplus(-x); });
}
Array relu(const Array& a) {
  // Written so that NaN stays NaN.
  return unary(a, [](const auto& x) { return (x < 0.0).select(0.0, x); });
}
Array lgamma(const Array& a) {
  return unary(a, [](const auto& x) { return x.unaryExpr(&special::lgamma); });
}
Array digamma(const Array& a) {
  return unary(a, [](const auto& x) { return x.unaryExpr(&special::digamma); });
}
Array trigamma(const Array& a) {
  return unary(a, [](const auto& x) { return x.unaryExpr(&special::trigamma); });
}

Array less(const Array& a, const Array& b) {
  return mask(a, b, [](const auto& x, const auto& y) { return x < y; });
}
Array less_equal(const Array& a, const Array& b) {
  return mask(a, b, [](const auto& x, const auto& y) { return x <= y; });
}
Array greater(const Array& a, const Array& b) {
  return mask(a, b, [](const auto& x, const auto& y) { return x > y; });
}
Array greater_equal(const Array& a, const Array& b) {
  return mask(a, b, [](const auto& x, const auto& y) { return x >= y; });
}
Array equal(const Array& a, const Array& b) {
  return mask(a, b, [](const auto& x, const auto& y) { return x == y; });
}
Array not_equal(const Array& a, const Array& b) {
  return mask(a, b, [](const auto& x, const auto& y) { return x != y; });
}

Array where(const Array& mask, const Array& a, const Array& b) {
  const Shape out = broadcast_shapes(mask.shape(), broadcast_shapes(a.shape(), b.shape()));
  Array result;
  with_aligned(a, b, out, [&](const auto& x, const auto& y) {
    with_aligned(mask, out, [&](const auto& m) { result.assign(out, (m != 0.0).select(x, y)); });
  });
  return result;
}

}  // namespace ppl
