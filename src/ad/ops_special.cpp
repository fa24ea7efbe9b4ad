#include "ad/ops_special.h"

#include <cmath>
#include <numbers>

#include "ad/elementwise_op.h"
#include "core/special_functions.h"

namespace ppl::ad {

using namespace elementwise_op;

namespace {

constexpr double kTwoOverSqrtPi = std::numbers::inv_sqrtpi * 2.0;
constexpr double kLogSqrtTwoPi = 0.91893853320467274178;  // log(2 pi) / 2

// The formulas of the operations below (as ad/elementwise_formulas.h):
// value, and the adjoint contribution to each operand.
struct Erf {
  static constexpr ScalarOp op = ScalarOp::None;
  static constexpr int arity = 1;
  static auto value(const auto& x) { return x.unaryExpr(&special::erf); }
  static auto adjoint(const auto& x, const auto&, const auto& g) {
    return g * (kTwoOverSqrtPi * (-x.square()).exp());
  }
};

struct Erfc {
  static constexpr ScalarOp op = ScalarOp::None;
  static constexpr int arity = 1;
  static auto value(const auto& x) { return x.unaryExpr(&special::erfc); }
  static auto adjoint(const auto& x, const auto&, const auto& g) {
    return g * (-kTwoOverSqrtPi * (-x.square()).exp());
  }
};

// Phi(x) = erfc(-x / sqrt 2) / 2, which keeps the digits of the lower tail.
struct Ndtr {
  static constexpr ScalarOp op = ScalarOp::None;
  static constexpr int arity = 1;
  static auto value(const auto& x) {
    return x.unaryExpr([](double v) { return 0.5 * special::erfc(-v / std::numbers::sqrt2); });
  }
  static auto adjoint(const auto& x, const auto&, const auto& g) {
    return g * (-0.5 * x.square() - kLogSqrtTwoPi).exp();
  }
};

// d/dx log Phi(x) = phi(x) / Phi(x), taken in logs: the ratio of two
// underflowing numbers in the lower tail.
struct LogNdtr {
  static constexpr ScalarOp op = ScalarOp::None;
  static constexpr int arity = 1;
  static auto value(const auto& x) { return x.unaryExpr(&special::log_ndtr); }
  static auto adjoint(const auto& x, const auto& y, const auto& g) {
    return g * (-0.5 * x.square() - kLogSqrtTwoPi - y).exp();
  }
};

// d/dp Phi^{-1}(p) = 1 / phi(Phi^{-1}(p)).
struct Ndtri {
  static constexpr ScalarOp op = ScalarOp::None;
  static constexpr int arity = 1;
  static auto value(const auto& x) { return x.unaryExpr(&special::ndtri); }
  static auto adjoint(const auto&, const auto& y, const auto& g) {
    return g * (0.5 * y.square() + kLogSqrtTwoPi).exp();
  }
};

// d/dx log(1 - exp(x)) = -exp(x) / (1 - exp(x)) = -1 / expm1(-x).
struct Log1mexp {
  static constexpr ScalarOp op = ScalarOp::None;
  static constexpr int arity = 1;
  static auto value(const auto& x) { return x.unaryExpr(&special::log1mexp); }
  static auto adjoint(const auto& x, const auto&, const auto& g) {
    return g * -(-x).unaryExpr([](double v) { return 1.0 / std::expm1(v); });
  }
};

struct Tan {
  static constexpr ScalarOp op = ScalarOp::None;
  static constexpr int arity = 1;
  static auto value(const auto& x) { return x.tan(); }
  static auto adjoint(const auto&, const auto& y, const auto& g) { return g * (1.0 + y.square()); }
};

struct Arcsin {
  static constexpr ScalarOp op = ScalarOp::None;
  static constexpr int arity = 1;
  static auto value(const auto& x) { return x.asin(); }
  static auto adjoint(const auto& x, const auto&, const auto& g) {
    return g * (1.0 - x.square()).rsqrt();
  }
};

struct Arccos {
  static constexpr ScalarOp op = ScalarOp::None;
  static constexpr int arity = 1;
  static auto value(const auto& x) { return x.acos(); }
  static auto adjoint(const auto& x, const auto&, const auto& g) {
    return g * -(1.0 - x.square()).rsqrt();
  }
};

struct Arctan {
  static constexpr ScalarOp op = ScalarOp::None;
  static constexpr int arity = 1;
  static auto value(const auto& x) { return x.atan(); }
  static auto adjoint(const auto& x, const auto&, const auto& g) {
    return g * (1.0 + x.square()).inverse();
  }
};

struct Sinh {
  static constexpr ScalarOp op = ScalarOp::None;
  static constexpr int arity = 1;
  static auto value(const auto& x) { return x.sinh(); }
  static auto adjoint(const auto& x, const auto&, const auto& g) { return g * x.cosh(); }
};

struct Cosh {
  static constexpr ScalarOp op = ScalarOp::None;
  static constexpr int arity = 1;
  static auto value(const auto& x) { return x.cosh(); }
  static auto adjoint(const auto& x, const auto&, const auto& g) { return g * x.sinh(); }
};

struct Arcsinh {
  static constexpr ScalarOp op = ScalarOp::None;
  static constexpr int arity = 1;
  static auto value(const auto& x) {
    return x.unaryExpr([](double v) { return std::asinh(v); });
  }
  static auto adjoint(const auto& x, const auto&, const auto& g) {
    return g * (x.square() + 1.0).rsqrt();
  }
};

struct Arctanh {
  static constexpr ScalarOp op = ScalarOp::None;
  static constexpr int arity = 1;
  static auto value(const auto& x) {
    return x.unaryExpr([](double v) { return std::atanh(v); });
  }
  static auto adjoint(const auto& x, const auto&, const auto& g) {
    return g * (1.0 - x.square()).inverse();
  }
};

// atan2(y, x), operands in that order.
struct Arctan2 {
  static constexpr ScalarOp op = ScalarOp::None;
  static constexpr int arity = 2;
  static auto value(const auto& y, const auto& x) {
    return y.binaryExpr(x, [](double a, double b) { return std::atan2(a, b); });
  }
  static auto adjoint_a(const auto& y, const auto& x, const auto&, const auto& g) {
    return g * x / (x.square() + y.square());
  }
  static auto adjoint_b(const auto& y, const auto& x, const auto&, const auto& g) {
    return -g * y / (x.square() + y.square());
  }
};

// max(a, b) + log1p(exp(-|a - b|)); each operand's share of the gradient is
// exp(operand - result), a half each where they are equal.
struct Logaddexp {
  static constexpr ScalarOp op = ScalarOp::None;
  static constexpr int arity = 2;
  static auto value(const auto& a, const auto& b) {
    return a.binaryExpr(b, [](double u, double v) {
      if (u == v) return u + std::numbers::ln2;  // also where both are infinite
      return std::max(u, v) + std::log1p(std::exp(-std::abs(u - v)));
    });
  }
  static auto adjoint_a(const auto& a, const auto&, const auto& y, const auto& g) {
    return g * (a - y).exp();
  }
  static auto adjoint_b(const auto&, const auto& b, const auto& y, const auto& g) {
    return g * (b - y).exp();
  }
};

struct OwensT {
  static constexpr ScalarOp op = ScalarOp::None;
  static constexpr int arity = 2;
  static auto value(const auto& h, const auto& a) { return h.binaryExpr(a, &special::owens_t); }
  static Eigen::ArrayXd adjoint_a(const auto& h, const auto& a, const auto&, const auto& g) {
    constexpr double inverse_sqrt_two_pi = 0.39894228040143267794;
    // Evaluated here: an expression would outlive `spread`.
    const Eigen::ArrayXd spread = (a * h * std::numbers::sqrt2 / 2.0).unaryExpr(&special::erf);
    return -g * inverse_sqrt_two_pi * (-0.5 * h.square()).exp() * spread / 2.0;
  }
  static auto adjoint_b(const auto& h, const auto& a, const auto&, const auto& g) {
    const auto wide = 1.0 + a.square();
    return g * (-0.5 * h.square() * wide).exp() / (2.0 * std::numbers::pi * wide);
  }
};

}  // namespace

Var erf(Var a) { return unary_formula<Erf>(a); }
Var erfc(Var a) { return unary_formula<Erfc>(a); }
Var ndtr(Var a) { return unary_formula<Ndtr>(a); }
Var log_ndtr(Var a) { return unary_formula<LogNdtr>(a); }
Var ndtri(Var p) { return unary_formula<Ndtri>(p); }
Var log1mexp(Var a) { return unary_formula<Log1mexp>(a); }
Var tan(Var a) { return unary_formula<Tan>(a); }
Var arcsin(Var a) { return unary_formula<Arcsin>(a); }
Var arccos(Var a) { return unary_formula<Arccos>(a); }
Var arctan(Var a) { return unary_formula<Arctan>(a); }
Var sinh(Var a) { return unary_formula<Sinh>(a); }
Var cosh(Var a) { return unary_formula<Cosh>(a); }
Var arcsinh(Var a) { return unary_formula<Arcsinh>(a); }
Var arctanh(Var a) { return unary_formula<Arctanh>(a); }
Var arctan2(Var y, Var x) { return binary_formula<Arctan2>(y, x); }
Var logaddexp(Var a, Var b) { return binary_formula<Logaddexp>(a, b); }
Var owens_t(Var h, Var a) { return binary_formula<OwensT>(h, a); }

}  // namespace ppl::ad
