#pragma once
// Tape operations on batches of square matrices [.., D, D], shared by the
// matrix-valued distributions and transforms.
#include "ad/tape.h"

namespace ppl::dist {

// The last two axes swapped (NumPy's matrix_transpose).
ad::Var matrix_transpose(ad::Var a);

// The diagonals [.., D] of square matrices [.., D, D].
ad::Var diagonals(ad::Var matrices);

// log det of each symmetric positive-definite matrix of [.., D, D], through
// its Cholesky factor: shape [..]; NaN for a matrix that is not positive
// definite.
ad::Var log_det_spd_each(ad::Var matrices);

}  // namespace ppl::dist
