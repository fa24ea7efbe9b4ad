#pragma once
// The sum over all elements of an elementwise chain, rewritten by algebra so
// that replay and the backward pass go over the elements as few times as
// possible. With c and k of one element and n the number of elements:
//   sum(k * a) = k * sum(a),   sum(a / k) = sum(a) / k,   sum(-a) = -sum(a)
//   sum(a + b) = (n / |a|) sum(a) + (n / |b|) sum(b), and the same for a - b
//   sum(square(k * (w - c))) = k^2 * sum((w - c)^2), one node over w and c
// A density written by hand,
//   sum(-0.5 * square((x - mu) / sigma) - log(sigma) - 0.5 * log(2 pi)),
// then replays as one pass over x for its value and one for its gradient,
// as Normal's log_prob_sum does; the elementwise nodes stay on the tape,
// unread by replay, for any other use of their values.
//
// A sum over an addition is rewritten only where each operand of several
// elements has a rewritten sum of its own that ends in a reduced form (a
// sum of squares, a density's fused sum), as Stan's densities take their
// constants out of their sums: sum(x - mu) and sum(2 * x - mu) over data stay
// one pass over their elements, exact where x is close to mu, and are not
// sum(x) - n mu, which would lose that precision.
#include "ad/tape.h"

namespace ppl::ad::detail {

// Gives `out`, an elementwise node just recorded, its rewritten sum
// (Node::fused_sum) where the rules above give one.
void set_algebraic_sum(Var out);

}  // namespace ppl::ad::detail
