#pragma once
// The logarithms of the regularized incomplete gamma functions,
// log P(a, x) and log Q(a, x) = log(1 - P(a, x)), elementwise with
// broadcasting: the CDFs of the Gamma family and of the Poisson. They are
// differentiable in x only, d P / dx = x^(a-1) e^-x / Gamma(a); an `a` that
// needs a gradient is an Error (the derivative in the shape has no closed
// form).
#include "ad/tape.h"

namespace ppl::ad {

Var log_gamma_p(Var a, Var x);
Var log_gamma_q(Var a, Var x);

}  // namespace ppl::ad
