#pragma once
// Differentiable special and trigonometric functions, elementwise, with
// NumPy's and SciPy's names; each derivative is written in closed form.
#include "ad/tape.h"

namespace ppl::ad {

Var erf(Var a);
Var erfc(Var a);
Var ndtr(Var a);      // Phi(a), the standard normal CDF
Var log_ndtr(Var a);  // log Phi(a), accurate far into the lower tail
Var ndtri(Var p);     // Phi^{-1}(p), the standard normal quantile
Var log1mexp(Var a);  // log(1 - exp(a)) for a <= 0
Var tan(Var a);
Var arcsin(Var a);
Var arccos(Var a);
Var arctan(Var a);
Var sinh(Var a);
Var cosh(Var a);
Var arcsinh(Var a);
Var arctanh(Var a);
// arctan(y / x) in the quadrant of (x, y), broadcasting.
Var arctan2(Var y, Var x);
// log(exp(a) + exp(b)), broadcasting; -inf where both are -inf.
Var logaddexp(Var a, Var b);
// Owen's T function T(h, a), broadcasting: dT/dh = -phi(h) erf(a h / sqrt 2) / 2,
// dT/da = exp(-h^2 (1 + a^2) / 2) / (2 pi (1 + a^2)).
Var owens_t(Var h, Var a);

}  // namespace ppl::ad
