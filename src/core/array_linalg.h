#pragma once
// Linear algebra on arrays. Matrices are the last two axes, row-major.
// Numerical failure (a matrix that is not positive definite, a zero pivot)
// gives NaN or inf in the result rather than an error; shape mismatches throw.
#include <Eigen/Core>

#include "core/array.h"

namespace ppl {

using RowMajorMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MatrixView = Eigen::Map<RowMajorMatrix>;
using ConstMatrixView = Eigen::Map<const RowMajorMatrix>;

// A 2-d array seen as an Eigen matrix without copying.
ConstMatrixView matrix_view(const Array& a);
MatrixView matrix_view(Array& a);

// NumPy's matmul: 1-d operands are promoted to a row (left) or a column
// (right) and the promoted axis is dropped again; leading axes broadcast as
// batch axes.
Array matmul(const Array& a, const Array& b);
// The same into `out` (neither a nor b), whose buffer is reused when its size
// fits: a replayed product allocates nothing.
void matmul_into(const Array& a, const Array& b, Array& out);
// The inner product of two vectors of one length: a rank-0 array.
Array dot(const Array& a, const Array& b);

// The lower Cholesky factor L of a symmetric positive-definite matrix
// (A = L Lᵀ), read from A's lower triangle; all NaN if A is not positive
// definite.
Array cholesky(const Array& a);
// x with L x = b for lower-triangular L; b is a vector [n] or a matrix [n, k].
Array solve_lower_triangular(const Array& lower, const Array& b);
// log det A of a symmetric positive-definite matrix, through its Cholesky
// factor; NaN when A is not positive definite.
Array log_det_spd(const Array& a);
// log |det T| = sum log |T_ii| of a triangular matrix.
Array log_abs_det_triangular(const Array& t);

}  // namespace ppl
