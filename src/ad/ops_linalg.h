#pragma once
// Differentiable linear algebra. Gradients with respect to a symmetric
// matrix argument (cholesky, log_det_spd) are returned symmetric: the
// derivative along symmetric perturbations, split evenly between A_ij and
// A_ji.
#include "ad/tape.h"

namespace ppl::ad {

// NumPy's matmul, vectors promoted and leading axes broadcast as batches.
Var matmul(Var a, Var b);
Var dot(Var a, Var b);  // two vectors of one length: a rank-0 value

Var cholesky(Var a);  // lower factor; NaN when a is not positive definite
// x with L x = b for lower-triangular L; b a vector [n] or a matrix [n, k].
Var solve_lower_triangular(Var lower, Var b);
Var log_det_spd(Var a);
Var log_abs_det_triangular(Var t);

// General square matrices, through an LU factorization with partial
// pivoting; a singular matrix gives infinities or NaN, as Eigen's LU does.
// x with a x = b, b a vector [n] or a matrix [n, k] (NumPy's linalg.solve).
Var solve(Var a, Var b);
Var inverse(Var a);
Var det(Var a);
Var log_abs_det(Var a);  // log |det a|, NumPy's slogdet()[1]

}  // namespace ppl::ad
