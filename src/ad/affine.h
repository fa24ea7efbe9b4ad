#pragma once
// A matrix product plus a bias, X @ W + b, as one tape node: the layers of a
// network and the linear predictors of regressions. Forward, the product is
// written into the node's own buffer and the bias added in place; backward,
// X, W and b get their adjoints directly, without the product's adjoint or a
// broadcast copy of b. For the sources of the tape operations: operator+
// asks for it.
#include <optional>

#include "ad/tape.h"

namespace ppl::ad::detail {

// product + bias as one node when `product` is a recorded matmul of
// operands of rank 1 or 2 and the bias broadcasts to the product's shape
// without enlarging it; nullopt otherwise (the caller records a plain add).
// The matmul node stays on the tape, unused unless something else reads it,
// so replay and backward skip it.
// When the product is deferred (a large product nothing has read yet), so
// is the node: a regression's likelihood may take its parts instead
// (dist/linear_predictor_sum.h) and never compute its values.
std::optional<Var> fused_affine(Var product, Var bias);

// The operands of a node that fused_affine recorded: X @ w + bias.
struct AffineParts {
  int32_t matrix, weights, bias;
};
// The parts of node `index` when it is an affine node; nullopt otherwise.
std::optional<AffineParts> affine_parts(const Tape& tape, int32_t index);

}  // namespace ppl::ad::detail
