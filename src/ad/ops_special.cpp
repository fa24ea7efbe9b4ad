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

// y = f(x) whose derivative is `derivative(x, y)`, both Eigen expressions.
template <class Derivative, class Forward>
Var unary_with(Var a, Forward forward) {
  return unary(
      a,
      [](Tape& tape, int32_t index) {
        unary_backward(tape, index, [](const auto& x, const auto& y, const auto& g) {
          return g * Derivative{}(x, y);
        });
      },
      forward);
}

}  // namespace

Var erf(Var a) {
  auto derivative = [](const auto& x, const auto&) { return kTwoOverSqrtPi * (-x.square()).exp(); };
  return unary_with<decltype(derivative)>(a,
                                          [](const auto& x) { return x.unaryExpr(&special::erf); });
}

Var erfc(Var a) {
  auto derivative = [](const auto& x, const auto&) {
    return -kTwoOverSqrtPi * (-x.square()).exp();
  };
  return unary_with<decltype(derivative)>(
      a, [](const auto& x) { return x.unaryExpr(&special::erfc); });
}

// Phi(x) = erfc(-x / sqrt 2) / 2, which keeps the digits of the lower tail.
Var ndtr(Var a) {
  auto derivative = [](const auto& x, const auto&) {
    return (-0.5 * x.square() - kLogSqrtTwoPi).exp();
  };
  return unary_with<decltype(derivative)>(a, [](const auto& x) {
    return x.unaryExpr([](double v) { return 0.5 * special::erfc(-v / std::numbers::sqrt2); });
  });
}

// d/dx log Phi(x) = phi(x) / Phi(x), taken in logs: the ratio of two
// underflowing numbers in the lower tail.
Var log_ndtr(Var a) {
  auto derivative = [](const auto& x, const auto& y) {
    return (-0.5 * x.square() - kLogSqrtTwoPi - y).exp();
  };
  return unary_with<decltype(derivative)>(
      a, [](const auto& x) { return x.unaryExpr(&special::log_ndtr); });
}

// d/dp Phi^{-1}(p) = 1 / phi(Phi^{-1}(p)).
Var ndtri(Var p) {
  auto derivative = [](const auto&, const auto& y) {
    return (0.5 * y.square() + kLogSqrtTwoPi).exp();
  };
  return unary_with<decltype(derivative)>(
      p, [](const auto& x) { return x.unaryExpr(&special::ndtri); });
}

// d/dx log(1 - exp(x)) = -exp(x) / (1 - exp(x)) = -1 / expm1(-x).
Var log1mexp(Var a) {
  auto derivative = [](const auto& x, const auto&) {
    return -(-x).unaryExpr([](double v) { return 1.0 / std::expm1(v); });
  };
  return unary_with<decltype(derivative)>(
      a, [](const auto& x) { return x.unaryExpr(&special::log1mexp); });
}

Var tan(Var a) {
  auto derivative = [](const auto&, const auto& y) { return 1.0 + y.square(); };
  return unary_with<decltype(derivative)>(a, [](const auto& x) { return x.tan(); });
}

Var arcsin(Var a) {
  auto derivative = [](const auto& x, const auto&) { return (1.0 - x.square()).rsqrt(); };
  return unary_with<decltype(derivative)>(a, [](const auto& x) { return x.asin(); });
}

Var arccos(Var a) {
  auto derivative = [](const auto& x, const auto&) { return -(1.0 - x.square()).rsqrt(); };
  return unary_with<decltype(derivative)>(a, [](const auto& x) { return x.acos(); });
}

Var arctan(Var a) {
  auto derivative = [](const auto& x, const auto&) { return (1.0 + x.square()).inverse(); };
  return unary_with<decltype(derivative)>(a, [](const auto& x) { return x.atan(); });
}

Var sinh(Var a) {
  auto derivative = [](const auto& x, const auto&) { return x.cosh(); };
  return unary_with<decltype(derivative)>(a, [](const auto& x) { return x.sinh(); });
}

Var cosh(Var a) {
  auto derivative = [](const auto& x, const auto&) { return x.sinh(); };
  return unary_with<decltype(derivative)>(a, [](const auto& x) { return x.cosh(); });
}

Var arcsinh(Var a) {
  auto derivative = [](const auto& x, const auto&) { return (x.square() + 1.0).rsqrt(); };
  return unary_with<decltype(derivative)>(
      a, [](const auto& x) { return x.unaryExpr([](double v) { return std::asinh(v); }); });
}

Var arctanh(Var a) {
  auto derivative = [](const auto& x, const auto&) { return (1.0 - x.square()).inverse(); };
  return unary_with<decltype(derivative)>(
      a, [](const auto& x) { return x.unaryExpr([](double v) { return std::atanh(v); }); });
}

Var arctan2(Var y, Var x) {
  return binary(
      y, x,
      [](Tape& tape, int32_t index) {
        binary_backward(
            tape, index,
            [](const auto& y, const auto& x, const auto&, const auto& g) {
              return g * x / (x.square() + y.square());
            },
            [](const auto& y, const auto& x, const auto&, const auto& g) {
              return -g * y / (x.square() + y.square());
            });
      },
      [](const auto& y, const auto& x) {
        return y.binaryExpr(x, [](double a, double b) { return std::atan2(a, b); });
      });
}

// max(a, b) + log1p(exp(-|a - b|)); each operand's share of the gradient is
// exp(operand - result), a half each where they are equal.
Var logaddexp(Var a, Var b) {
  return binary(
      a, b,
      [](Tape& tape, int32_t index) {
        binary_backward(
            tape, index,
            [](const auto& x, const auto&, const auto& out, const auto& g) {
              return g * (x - out).exp();
            },
            [](const auto&, const auto& y, const auto& out, const auto& g) {
              return g * (y - out).exp();
            });
      },
      [](const auto& x, const auto& y) {
        return x.binaryExpr(y, [](double u, double v) {
          if (u == v) return u + std::numbers::ln2;  // also where both are infinite
          return std::max(u, v) + std::log1p(std::exp(-std::abs(u - v)));
        });
      });
}

Var owens_t(Var h, Var a) {
  return binary(
      h, a,
      [](Tape& tape, int32_t index) {
        binary_backward(
            tape, index,
            [](const auto& h, const auto& a, const auto&, const auto& g) {
              constexpr double inverse_sqrt_two_pi = 0.39894228040143267794;
              // Evaluated here: an expression would outlive `spread`.
              const Eigen::ArrayXd spread =
                  (a * h * std::numbers::sqrt2 / 2.0).unaryExpr(&special::erf);
              Eigen::ArrayXd partial =
                  -g * inverse_sqrt_two_pi * (-0.5 * h.square()).exp() * spread / 2.0;
              return partial;
            },
            [](const auto& h, const auto& a, const auto&, const auto& g) {
              const auto wide = 1.0 + a.square();
              return g * (-0.5 * h.square() * wide).exp() / (2.0 * std::numbers::pi * wide);
            });
      },
      [](const auto& h, const auto& a) { return h.binaryExpr(a, &special::owens_t); });
}

}  // namespace ppl::ad
