#pragma once
// Pieces of formulas chosen elementwise (CDFs with one formula per tail, a
// support edge). Each piece is computed everywhere and ad::where keeps one;
// a piece's input is replaced by a safe number where it is not kept, so that
// neither its value nor its derivative there is infinite or NaN: a zero
// adjoint times an infinite derivative would be NaN in the gradient.
#include "ad/ops.h"

namespace ppl::dist {

// A constant 0/1 mask: 1 where x is below `threshold`.
inline ad::Var is_below(ad::Var x, double threshold) {
  return x.tape().constant(less(x.value(), Array(threshold)));
}

// x where mask is 1, else `safe`.
inline ad::Var kept_or(ad::Var mask, ad::Var x, double safe) {
  return ad::where(mask, x, x.tape().constant(safe));
}

// x where mask is 0, else `safe`.
inline ad::Var dropped_or(ad::Var mask, ad::Var x, double safe) {
  return ad::where(mask, x.tape().constant(safe), x);
}

}  // namespace ppl::dist
