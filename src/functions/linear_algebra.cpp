// Linear algebra built-ins (products, factorizations, solves, determinants).
#include <fmt/format.h>

#include <algorithm>
#include <span>
#include <vector>

#include "ad/ops.h"
#include "core/error.h"
#include "functions/registry.h"

namespace ppl::functions {
namespace {

// The factorizations act on one matrix: with draws or particles on the left
// they would need a batch of them.
void program_dims_only(const char* name, const BuiltinCall& c) {
  if (c.leading() > 0)
    throw Error(
        fmt::format("{} of values with draws or particles on the left is not vectorized", name));
}

// The diagonal of the last two dims, a new last axis (NumPy's diagonal for
// a matrix).
ad::Var diagonal_of(const ad::Var& m, int leading) {
  const Shape& shape = m.shape();
  if (shape.rank() - leading != 2)
    throw Error(fmt::format("the diagonal needs a matrix, got {} dims", shape.rank() - leading));
  const int64_t rows = shape[shape.rank() - 2], cols = shape[shape.rank() - 1];
  Shape flat = leading_shape(shape, leading);
  flat.push_back(rows * cols);
  std::vector<int64_t> on_diagonal;
  for (int64_t i = 0; i < std::min(rows, cols); ++i) on_diagonal.push_back(i * cols + i);
  return ad::take(ad::reshape(m, flat), std::span<const int64_t>(on_diagonal), leading);
}

}  // namespace

void add_linear_algebra(FunctionList& list) {
  // NumPy's dot: a scalar multiplies, two vectors give their inner product,
  // and up to two dims it is the matrix product.
  list.push_back(
      {.name = "dot",
       .params = {required_param("x"), required_param("y")},
       .counts_axes = true,
       .summary = "dot product of vectors, or matrix product",
       .implementation = [](const BuiltinCall& c) {
         if (c.leading() > 0)
           throw Error("dot of values with draws or particles on the left is not vectorized");
         const int x_rank = c.arg(0).shape().rank(), y_rank = c.arg(1).shape().rank();
         if (x_rank == 0 || y_rank == 0) return c.arg(0) * c.arg(1);
         if (x_rank == 1 && y_rank == 1) return ad::dot(c.arg(0), c.arg(1));
         if (x_rank <= 2 && y_rank <= 2) return ad::matmul(c.arg(0), c.arg(1));
         throw Error(fmt::format(
             "dot of arrays of {} and {} dims: NumPy's dot there sums the last axis of x against "
             "the second-to-last of y, which ppl leaves out; write it with @ (a batched matrix "
             "product) or sum",
             x_rank, y_rank));
       }});
  list.push_back({.name = "cholesky",
                  .params = {required_param("x")},
                  .result = R::SameAsFirst,
                  .summary = "lower Cholesky factor of a symmetric positive-definite matrix",
                  .implementation = [](const BuiltinCall& c) { return ad::cholesky(c.x()); }});
  list.push_back({.name = "triangular_solve",
                  .params = {required_param("L"), required_param("b")},
                  .summary = "solves L x = b for lower-triangular L",
                  .implementation = [](const BuiltinCall& c) {
                    return ad::solve_lower_triangular(c.arg(0), c.arg(1));
                  }});
  list.push_back(
      {.name = "solve",
       .params = {required_param("a"), required_param("b")},
       .summary = "x with a x = b for a square a, b a vector or a matrix (NumPy's linalg.solve)",
       .implementation = [](const BuiltinCall& c) {
         program_dims_only("solve", c);
         return ad::solve(c.arg(0), c.arg(1));
       }});
  for (const char* name : {"inv", "inverse"})
    list.push_back(
        {.name = name,
         .params = {required_param("a")},
         .result = R::SameAsFirst,
         .summary = "the inverse of a square matrix (NumPy's linalg.inv; Stan's inverse)",
         .implementation = [](const BuiltinCall& c) {
           program_dims_only("inv", c);
           return ad::inverse(c.x());
         }});
  list.push_back({.name = "det",
                  .params = {required_param("a")},
                  .result = R::Scalar,
                  .summary = "the determinant of a square matrix (NumPy's linalg.det)",
                  .implementation = [](const BuiltinCall& c) {
                    program_dims_only("det", c);
                    return ad::det(c.x());
                  }});
  list.push_back(
      {.name = "log_abs_det",
       .params = {required_param("a")},
       .result = R::Scalar,
       .summary = "log |det a| of a square matrix (NumPy's slogdet()[1], Stan's log_determinant)",
       .implementation = [](const BuiltinCall& c) {
         program_dims_only("log_abs_det", c);
         return ad::log_abs_det(c.x());
       }});
  list.push_back({.name = "outer",
                  .params = {required_param("a"), required_param("b")},
                  .counts_axes = true,
                  .summary = "the outer product of a and b, each flattened (NumPy's outer)",
                  .implementation = [](const BuiltinCall& c) {
                    const int lead = c.leading();
                    ad::Var a = flatten_program_dims(c.arg(0), lead);
                    ad::Var b = flatten_program_dims(c.arg(1), lead);
                    // a[..., :, None] * b[..., None, :]
                    Shape column = a.shape();
                    column.push_back(1);
                    Shape row = leading_shape(b.shape(), lead);
                    row.push_back(1);
                    row.push_back(b.shape()[lead]);
                    return ad::reshape(a, column) * ad::reshape(b, row);
                  }});
  list.push_back(
      {.name = "diagonal",
       .params = {required_param("a")},
       .counts_axes = true,
       .summary = "the diagonal of a matrix",
       .implementation = [](const BuiltinCall& c) { return diagonal_of(c.x(), c.leading()); }});
  list.push_back({.name = "trace",
                  .params = {required_param("a")},
                  .result = R::Scalar,
                  .counts_axes = true,
                  .summary = "the sum of a matrix's diagonal",
                  .implementation = [](const BuiltinCall& c) {
                    return ad::sum(diagonal_of(c.x(), c.leading()), -1);
                  }});
  list.push_back({.name = "diag",
                  .params = {required_param("v")},
                  .counts_axes = true,
                  .summary = "a vector's diagonal matrix, or a matrix's diagonal (NumPy's diag)",
                  .implementation = [](const BuiltinCall& c) {
                    const int rank = c.x().shape().rank() - c.leading();
                    if (rank == 2) return diagonal_of(c.x(), c.leading());
                    if (rank != 1)
                      throw Error(
                          fmt::format("diag takes a vector or a matrix, got {} dims", rank));
                    const int64_t n = c.x().shape()[c.x().shape().rank() - 1];
                    Shape column = c.x().shape();
                    column.push_back(1);
                    return ad::reshape(c.x(), column) * c.tape().constant(Array::eye(n));
                  }});
  for (const bool lower : {true, false})
    list.push_back({.name = lower ? "tril" : "triu",
                    .params = {required_param("m"), ir::default_param("k", 0)},
                    .result = R::SameAsFirst,
                    .summary = lower ? "m with the entries above its k-th diagonal zeroed"
                                     : "m with the entries below its k-th diagonal zeroed",
                    .implementation = [lower](const BuiltinCall& c) {
                      const Shape& shape = c.x().shape();
                      if (shape.rank() - c.leading() < 2)
                        throw Error(fmt::format("{} needs a matrix, got {} dims",
                                                lower ? "tril" : "triu",
                                                shape.rank() - c.leading()));
                      const int64_t rows = shape[shape.rank() - 2], cols = shape[shape.rank() - 1];
                      const double k = read_as_constant(c.arg(1)).item();
                      Array mask = Array::zeros(Shape{rows, cols});
                      for (int64_t i = 0; i < rows; ++i)
                        for (int64_t j = 0; j < cols; ++j)
                          mask.mutable_values()[i * cols + j] = lower ? (j - i <= k) : (j - i >= k);
                      return c.x() * c.tape().constant(mask);
                    }});
  list.push_back(
      {.name = "quad_form",
       .params = {required_param("a"), required_param("b")},
       .summary = "b^T a b: a scalar for a vector b, a matrix for a matrix b (Stan's quad_form)",
       .implementation = [](const BuiltinCall& c) {
         program_dims_only("quad_form", c);
         const ad::Var& b = c.arg(1);
         if (b.shape().rank() == 1) return ad::dot(b, ad::matmul(c.arg(0), b));
         return ad::matmul(ad::transpose(b), ad::matmul(c.arg(0), b));
       }});
  list.push_back({.name = "log_det",
                  .params = {required_param("x")},
                  .result = R::Scalar,
                  .summary = "log-determinant of a symmetric positive-definite matrix",
                  .implementation = [](const BuiltinCall& c) { return ad::log_det_spd(c.x()); }});
}

}  // namespace ppl::functions
