#include "ad/ops_incomplete.h"

#include "ad/elementwise_op.h"
#include "core/error.h"
#include "core/special_functions.h"

namespace ppl::ad {

using namespace elementwise_op;

namespace {

void require_constant_shape(Var a, const char* function) {
  if (a.tape().needs_gradient(a.index()))
    throw Error(std::string(function) +
                ": the derivative in the shape a is not available (it has no closed form); the "
                "shape must not depend on latent values here");
}

// x^(a-1) e^-x / Gamma(a) / exp(out), in logs: the derivative of log P (or
// of -log Q) in x.
template <class A, class X, class Out>
auto density_over(const A& a, const X& x, const Out& out) {
  return ((a - 1.0) * x.log() - x - a.unaryExpr(&special::lgamma) - out).exp();
}

// log P (Upper false) or log Q (Upper true); d/dx is the density over P,
// or minus it over Q.
template <bool Upper>
Var log_gamma_tail(Var a, Var x) {
  require_constant_shape(a, Upper ? "log_gamma_q" : "log_gamma_p");
  return binary(
      a, x,
      [](Tape& tape, int32_t index) {
        binary_backward(
            tape, index,
            [](const auto& a, const auto&, const auto&, const auto&) { return 0.0 * a; },
            [](const auto& a, const auto& x, const auto& out, const auto& g) {
              return (x > 0.0).select((Upper ? -1.0 : 1.0) * g * density_over(a, x, out), 0.0);
            });
      },
      [](const auto& a, const auto& x) {
        return a.binaryExpr(x, Upper ? &special::log_gamma_q : &special::log_gamma_p);
      });
}

// Student's t density at x over exp(out).
template <class N, class X, class Out>
auto student_t_density_over(const N& nu, const X& x, const Out& out) {
  constexpr double log_pi = 1.1447298858494002;
  return ((0.5 * (nu + 1.0)).unaryExpr(&special::lgamma) - (0.5 * nu).unaryExpr(&special::lgamma) -
          0.5 * (nu.log() + log_pi) - 0.5 * (nu + 1.0) * (x.square() / nu).log1p() - out)
      .exp();
}

}  // namespace

Var log_student_t_cdf(Var df, Var x) {
  require_constant_shape(df, "log_student_t_cdf");
  return binary(
      df, x,
      [](Tape& tape, int32_t index) {
        binary_backward(
            tape, index,
            [](const auto& nu, const auto&, const auto&, const auto&) { return 0.0 * nu; },
            [](const auto& nu, const auto& x, const auto& out, const auto& g) {
              return g * student_t_density_over(nu, x, out);
            });
      },
      [](const auto& nu, const auto& x) { return nu.binaryExpr(x, &special::log_student_t_cdf); });
}

Var log_gamma_p(Var a, Var x) { return log_gamma_tail<false>(a, x); }
Var log_gamma_q(Var a, Var x) { return log_gamma_tail<true>(a, x); }

}  // namespace ppl::ad
