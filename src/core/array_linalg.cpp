#include "core/array_linalg.h"

#include <fmt/format.h>

#include <Eigen/Cholesky>
#include <limits>

#include "core/error.h"
#include "core/narrow_products.h"

namespace ppl {

namespace {

void require_square_matrix(const Array& a, const char* what) {
  if (a.rank() != 2 || a.shape()[0] != a.shape()[1])
    throw Error(fmt::format("{} needs a square matrix, got shape {}", what, a.shape().to_string()));
}

// out[rows, cols] = a[rows, inner] b[inner, cols], row-major.
void product_into(const double* a, const double* b, double* out, int64_t rows, int64_t inner,
                  int64_t cols) {
  if (is_narrow_product(rows, inner, cols)) {
    narrow_product(a, b, out, rows, inner, cols);
    return;
  }
  MatrixView(out, rows, cols).noalias() =
      ConstMatrixView(a, rows, inner) * ConstMatrixView(b, inner, cols);
}

// Leading (batch) axes of a shape whose last two axes are a matrix.
Shape batch_shape(const Shape& shape) {
  return Shape(shape.dims().first(shape.rank() - 2));
}

}  // namespace

ConstMatrixView matrix_view(const Array& a) {
  return ConstMatrixView(a.data(), a.shape()[0], a.shape()[1]);
}

MatrixView matrix_view(Array& a) { return MatrixView(a.data(), a.shape()[0], a.shape()[1]); }

Array matmul(const Array& a, const Array& b) {
  Array out;
  matmul_into(a, b, out);
  return out;
}

void matmul_into(const Array& a, const Array& b, Array& out) {
  if (a.rank() == 0 || b.rank() == 0)
    throw Error(fmt::format("matmul needs arrays of rank 1 or more, got shapes {} and {}",
                            a.shape().to_string(), b.shape().to_string()));
  // Promote vectors to matrices: a row on the left, a column on the right.
  Shape shape_a = a.shape();
  Shape shape_b = b.shape();
  if (a.rank() == 1) shape_a = Shape{1, a.shape()[0]};
  if (b.rank() == 1) shape_b = Shape{b.shape()[0], 1};
  const int64_t rows = shape_a[shape_a.rank() - 2];
  const int64_t inner = shape_a[shape_a.rank() - 1];
  const int64_t cols = shape_b[shape_b.rank() - 1];
  if (shape_b[shape_b.rank() - 2] != inner)
    throw Error(fmt::format("matmul: shapes {} and {} do not align", a.shape().to_string(),
                            b.shape().to_string()));
  const Shape batch_a = batch_shape(shape_a);
  const Shape batch_b = batch_shape(shape_b);
  const Shape batch = broadcast_shapes(batch_a, batch_b);

  Shape out_shape = batch;
  if (a.rank() > 1) out_shape.push_back(rows);
  if (b.rank() > 1) out_shape.push_back(cols);
  out.resize(out_shape);

  if (a.rank() > 2 && b.rank() <= 2) {
    // A stack of matrices times one matrix (or vector): one product of all
    // the stack's rows, laid out as the batched result.
    product_into(a.data(), b.data(), out.data(), batch.numel() * rows, inner, cols);
    return;
  }
  const int64_t size_a = rows * inner;
  const int64_t size_b = inner * cols;
  const int64_t size_out = rows * cols;
  const Strides strides_a = broadcast_strides(batch_a, batch.rank());
  const Strides strides_b = broadcast_strides(batch_b, batch.rank());
  int64_t matrix = 0;
  for_each_offset(batch, strides_a, strides_b, [&](int64_t offset_a, int64_t offset_b) {
    product_into(a.data() + offset_a * size_a, b.data() + offset_b * size_b,
                 out.data() + matrix * size_out, rows, inner, cols);
    ++matrix;
  });
}

Array dot(const Array& a, const Array& b) {
  if (a.rank() != 1 || !(a.shape() == b.shape()))
    throw Error(fmt::format("dot needs two vectors of one length, got shapes {} and {}",
                            a.shape().to_string(), b.shape().to_string()));
  return Array((a.values() * b.values()).sum());
}

Array cholesky(const Array& a) {
  require_square_matrix(a, "cholesky");
  Eigen::LLT<RowMajorMatrix> llt(matrix_view(a));
  Array out;
  out.resize(a.shape());
  if (llt.info() != Eigen::Success) {
    out.mutable_values().setConstant(std::numeric_limits<double>::quiet_NaN());
    return out;
  }
  matrix_view(out) = llt.matrixL().toDenseMatrix();
  return out;
}

Array solve_lower_triangular(const Array& lower, const Array& b) {
  require_square_matrix(lower, "solve_lower_triangular");
  const int64_t n = lower.shape()[0];
  if ((b.rank() != 1 && b.rank() != 2) || b.shape()[0] != n)
    throw Error(fmt::format("solve_lower_triangular: shapes {} and {} do not align",
                            lower.shape().to_string(), b.shape().to_string()));
  Array x = b;
  const int64_t cols = b.rank() == 2 ? b.shape()[1] : 1;
  matrix_view(lower).triangularView<Eigen::Lower>().solveInPlace(MatrixView(x.data(), n, cols));
  return x;
}

Array log_det_spd(const Array& a) {
  require_square_matrix(a, "log_det_spd");
  Eigen::LLT<RowMajorMatrix> llt(matrix_view(a));
  if (llt.info() != Eigen::Success) return Array(std::numeric_limits<double>::quiet_NaN());
  return Array(2.0 * llt.matrixLLT().diagonal().array().log().sum());
}

Array log_abs_det_triangular(const Array& t) {
  require_square_matrix(t, "log_abs_det_triangular");
  return Array(matrix_view(t).diagonal().array().abs().log().sum());
}

}  // namespace ppl
