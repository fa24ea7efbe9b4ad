#pragma once
// The formulas of elementwise operations over Eigen array expressions: one struct per operation with its arity, its value, and the
// adjoint contribution to each operand given the operands, the result y and
// the result's adjoint g (adjoint(x, y, g) for one operand; adjoint_a and
// adjoint_b(a, b, y, g) for two), and its ScalarOp (ad/scalar_kernel.h)
// where compiled tapes run it element by element (None where they do not).
// The tape records each operation from its struct (unary_formula and
// binary_formula, ad/elementwise_op.h): a new elementwise operation is a
// struct here and a line in ops_elementwise.cpp (special functions keep
// theirs in ops_special.cpp).
#include <cmath>

#include <Eigen/Core>

#include "ad/scalar_kernel.h"
#include "core/fast_tanh.h"
#include "core/special_functions.h"
#include "core/stable_math.h"

namespace ppl::ad::formulas {

// y = a + b. Its adjoint goes to both operands unchanged.
struct Add {
  static constexpr ScalarOp op = ScalarOp::Add;
  static constexpr int arity = 2;
  static auto value(const auto& a, const auto& b) { return a + b; }
  static auto adjoint_a(const auto&, const auto&, const auto&, const auto& g) { return g; }
  static auto adjoint_b(const auto&, const auto&, const auto&, const auto& g) { return g; }
};

struct Subtract {
  static constexpr ScalarOp op = ScalarOp::Subtract;
  static constexpr int arity = 2;
  static auto value(const auto& a, const auto& b) { return a - b; }
  static auto adjoint_a(const auto&, const auto&, const auto&, const auto& g) { return g; }
  static auto adjoint_b(const auto&, const auto&, const auto&, const auto& g) { return -g; }
};

struct Multiply {
  static constexpr ScalarOp op = ScalarOp::Multiply;
  static constexpr int arity = 2;
  static auto value(const auto& a, const auto& b) { return a * b; }
  static auto adjoint_a(const auto&, const auto& b, const auto&, const auto& g) { return g * b; }
  static auto adjoint_b(const auto& a, const auto&, const auto&, const auto& g) { return g * a; }
};

struct Divide {
  static constexpr ScalarOp op = ScalarOp::Divide;
  static constexpr int arity = 2;
  static auto value(const auto& a, const auto& b) { return a / b; }
  static auto adjoint_a(const auto&, const auto& b, const auto&, const auto& g) { return g / b; }
  static auto adjoint_b(const auto&, const auto& b, const auto& y, const auto& g) {
    return -g * y / b;
  }
};

// base^exponent; d/d exponent is taken as 0 where the base is 0.
struct Pow {
  static constexpr ScalarOp op = ScalarOp::None;
  static constexpr int arity = 2;
  static auto value(const auto& a, const auto& b) { return a.pow(b); }
  static auto adjoint_a(const auto& a, const auto& b, const auto&, const auto& g) {
    return g * b * a.pow(b - 1.0);
  }
  static auto adjoint_b(const auto& a, const auto&, const auto& y, const auto& g) {
    return (a == 0.0).select(0.0, g * y * a.log());
  }
};

// One-operand operations: value(x) and adjoint(x, y, g).
struct Negate {
  static constexpr ScalarOp op = ScalarOp::Negate;
  static constexpr int arity = 1;
  static auto value(const auto& x) { return -x; }
  static auto adjoint(const auto&, const auto&, const auto& g) { return -g; }
};

// Eigen's vectorized exp clamps its argument at about -709.44, so it gives
// 5.6e-309 for every x below, where e^x is a smaller subnormal or 0: those
// entries take std::exp, which NumPy's exp and the compiled tapes agree with.
struct Exp {
  static constexpr ScalarOp op = ScalarOp::Exp;
  static constexpr int arity = 1;
  static constexpr double kEigenClampBelow = -709.0;
  static Eigen::ArrayXd value(const Eigen::ArrayXd& x) {
    Eigen::ArrayXd y = x.exp();
    if ((x < kEigenClampBelow).any())
      for (Eigen::Index i = 0; i < x.size(); ++i)
        if (x[i] < kEigenClampBelow) y[i] = std::exp(x[i]);
    return y;
  }
  static auto adjoint(const auto&, const auto& y, const auto& g) { return g * y; }
};

struct Log {
  static constexpr ScalarOp op = ScalarOp::Log;
  static constexpr int arity = 1;
  static auto value(const auto& x) { return x.log(); }
  static auto adjoint(const auto& x, const auto&, const auto& g) { return g / x; }
};

struct Log1p {
  static constexpr ScalarOp op = ScalarOp::Log1p;
  static constexpr int arity = 1;
  static auto value(const auto& x) { return x.log1p(); }
  static auto adjoint(const auto& x, const auto&, const auto& g) { return g / (1.0 + x); }
};

struct Expm1 {
  static constexpr ScalarOp op = ScalarOp::Expm1;
  static constexpr int arity = 1;
  static auto value(const auto& x) { return x.expm1(); }
  static auto adjoint(const auto&, const auto& y, const auto& g) { return g * (y + 1.0); }
};

struct Sqrt {
  static constexpr ScalarOp op = ScalarOp::Sqrt;
  static constexpr int arity = 1;
  static auto value(const auto& x) { return x.sqrt(); }
  static auto adjoint(const auto&, const auto& y, const auto& g) { return 0.5 * g / y; }
};

// Derivative sign(x), 0 at 0.
struct Abs {
  static constexpr ScalarOp op = ScalarOp::Abs;
  static constexpr int arity = 1;
  static auto value(const auto& x) { return x.abs(); }
  static auto adjoint(const auto& x, const auto&, const auto& g) { return g * x.sign(); }
};

struct Square {
  static constexpr ScalarOp op = ScalarOp::Square;
  static constexpr int arity = 1;
  static auto value(const auto& x) { return x.square(); }
  static auto adjoint(const auto& x, const auto&, const auto& g) { return 2.0 * g * x; }
};

struct Sin {
  static constexpr ScalarOp op = ScalarOp::Sin;
  static constexpr int arity = 1;
  static auto value(const auto& x) { return x.sin(); }
  static auto adjoint(const auto& x, const auto&, const auto& g) { return g * x.cos(); }
};

struct Cos {
  static constexpr ScalarOp op = ScalarOp::Cos;
  static constexpr int arity = 1;
  static auto value(const auto& x) { return x.cos(); }
  static auto adjoint(const auto& x, const auto&, const auto& g) { return -g * x.sin(); }
};

struct Tanh {
  static constexpr ScalarOp op = ScalarOp::Tanh;
  static constexpr int arity = 1;
  static auto value(const auto& x) { return fast_tanh(x); }
  static auto adjoint(const auto&, const auto& y, const auto& g) { return g * (1.0 - y.square()); }
};

struct Sigmoid {
  static constexpr ScalarOp op = ScalarOp::Sigmoid;
  static constexpr int arity = 1;
  static auto value(const auto& x) { return stable_sigmoid(x); }
  static auto adjoint(const auto&, const auto& y, const auto& g) { return g * y * (1.0 - y); }
};

// log(1 + exp(x)), stable.
struct Softplus {
  static constexpr ScalarOp op = ScalarOp::Softplus;
  static constexpr int arity = 1;
  static auto value(const auto& x) { return stable_softplus(x); }
  static auto adjoint(const auto& x, const auto&, const auto& g) { return g * stable_sigmoid(x); }
};

// -softplus(-x); its derivative sigmoid(-x) is exact in both tails.
struct LogSigmoid {
  static constexpr ScalarOp op = ScalarOp::LogSigmoid;
  static constexpr int arity = 1;
  static auto value(const auto& x) { return -stable_softplus(-x); }
  static auto adjoint(const auto& x, const auto&, const auto& g) { return g * stable_sigmoid(-x); }
};

// Derivative 0 at 0. Written so that NaN stays NaN.
struct Relu {
  static constexpr ScalarOp op = ScalarOp::None;
  static constexpr int arity = 1;
  static auto value(const auto& x) { return (x < 0.0).select(0.0, x); }
  static auto adjoint(const auto& x, const auto&, const auto& g) {
    return (x > 0.0).select(g, 0.0);
  }
};

struct Lgamma {
  static constexpr ScalarOp op = ScalarOp::None;
  static constexpr int arity = 1;
  static auto value(const auto& x) { return x.unaryExpr(&special::lgamma); }
  static auto adjoint(const auto& x, const auto&, const auto& g) {
    return g * x.unaryExpr(&special::digamma);
  }
};

struct Digamma {
  static constexpr ScalarOp op = ScalarOp::None;
  static constexpr int arity = 1;
  static auto value(const auto& x) { return x.unaryExpr(&special::digamma); }
  static auto adjoint(const auto& x, const auto&, const auto& g) {
    return g * x.unaryExpr(&special::trigamma);
  }
};

}  // namespace ppl::ad::formulas
