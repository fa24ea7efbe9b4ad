// Linear algebra built-ins (products, factorizations, solves, determinants).
#include <fmt/format.h>

#include "ad/ops.h"
#include "core/error.h"
#include "functions/registry.h"

namespace ppl::functions {

void add_linear_algebra(FunctionList& list) {
  using ir::required_param;
  using R = ir::ResultRule;
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
  list.push_back({.name = "log_det",
                  .params = {required_param("x")},
                  .result = R::Scalar,
                  .summary = "log-determinant of a symmetric positive-definite matrix",
                  .implementation = [](const BuiltinCall& c) { return ad::log_det_spd(c.x()); }});
}

}  // namespace ppl::functions
