#pragma once
// Differentiable reductions over one axis (negative axes count from the end)
// or over all elements (giving a rank-0 value), cumulative sums and the
// softmax family.
#include "ad/tape.h"

namespace ppl::ad {

Var sum(Var a);
Var sum(Var a, int axis, bool keepdims = false);
Var mean(Var a);
Var mean(Var a, int axis, bool keepdims = false);
Var prod(Var a);  // gradient exact with zeros among the factors
Var prod(Var a, int axis, bool keepdims = false);
// The gradient goes to the first maximal (minimal) element of each lane.
Var max(Var a);
Var max(Var a, int axis, bool keepdims = false);
Var min(Var a);
Var min(Var a, int axis, bool keepdims = false);
Var logsumexp(Var a);  // stable
Var logsumexp(Var a, int axis, bool keepdims = false);

Var cumsum(Var a, int axis);
Var cumprod(Var a, int axis);  // gradient exact with zeros among the factors
Var softmax(Var a, int axis = -1);
Var log_softmax(Var a, int axis = -1);

}  // namespace ppl::ad
