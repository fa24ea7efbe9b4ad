#pragma once
// Differentiable elementwise operations with NumPy broadcasting. A Var mixed
// with a double treats the double as a constant.
#include "ad/tape.h"

namespace ppl::ad {

Var operator+(Var a, Var b);
Var operator-(Var a, Var b);
Var operator*(Var a, Var b);
Var operator/(Var a, Var b);
Var operator+(Var a, double b);
Var operator-(Var a, double b);
Var operator*(Var a, double b);
Var operator/(Var a, double b);
Var operator+(double a, Var b);
Var operator-(double a, Var b);
Var operator*(double a, Var b);
Var operator/(double a, Var b);
Var operator-(Var a);
// d/d exponent of base^exponent is taken as 0 where base is 0.
Var pow(Var base, Var exponent);
Var pow(Var base, double exponent);

Var exp(Var a);
Var log(Var a);
Var log1p(Var a);
Var expm1(Var a);
Var sqrt(Var a);
Var abs(Var a);  // derivative sign(a), 0 at 0
Var square(Var a);
Var sin(Var a);
Var cos(Var a);
Var tanh(Var a);
Var sigmoid(Var a);
Var softplus(Var a);     // log(1 + exp(a)), stable
Var log_sigmoid(Var a);  // -softplus(-a), stable
Var relu(Var a);         // derivative 0 at 0
Var lgamma(Var a);
Var digamma(Var a);

// a where mask is nonzero, else b; all three broadcast together. The mask
// gets no gradient.
Var where(Var mask, Var a, Var b);

}  // namespace ppl::ad
