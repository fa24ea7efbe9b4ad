#pragma once
// CDFs in logs through the incomplete gamma and beta functions,
// elementwise with broadcasting, differentiable in x only (the derivative
// is the density over the CDF); a shape that needs a gradient is an Error
// (that derivative has no closed form).
//   log_gamma_p(a, x) = log P(a, x), log_gamma_q(a, x) = log(1 - P(a, x)):
//     the Gamma family and the Poisson; d P / dx = x^(a-1) e^-x / Gamma(a).
//   log_student_t_cdf(df, x) = log P(T <= x), T standard Student's t.
//   log_beta_inc(a, b, x) = log I_x(a, b), log_beta_inc_complement(a, b, x) =
//     log(1 - I_x(a, b)), x in [0, 1]: the Beta family and the binomial and
//     negative binomial counts; d I / dx = x^(a-1) (1-x)^(b-1) / B(a, b).
#include "ad/tape.h"

namespace ppl::ad {

Var log_gamma_p(Var a, Var x);
Var log_gamma_q(Var a, Var x);
Var log_student_t_cdf(Var df, Var x);
Var log_beta_inc(Var a, Var b, Var x);
Var log_beta_inc_complement(Var a, Var b, Var x);

// Their inverses in x, differentiable in the probability q only
// (dx/dq = 1 / the density at x; minus it for the upper tail):
//   beta_inc_inverse(a, b, q): I_x(a, b) = q (upper: 1 - I_x(a, b) = q);
//   gamma_inc_inverse(a, q): P(a, x) = q (upper: Q(a, x) = q);
//   student_t_quantile(df, q): P(T <= x) = q.
Var beta_inc_inverse(Var a, Var b, Var q, bool upper);
Var gamma_inc_inverse(Var a, Var q, bool upper);
Var student_t_quantile(Var df, Var q);

}  // namespace ppl::ad
