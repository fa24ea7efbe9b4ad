#pragma once
// Products whose result has at most four columns (a network layer onto 2
// or 4 units, and the adjoints of such layers), as loops that keep a
// row's few sums in registers. Eigen's general product packs its operands
// into blocks first, which for these shapes costs more than the arithmetic
// (measured in bench/svi_builds.sh on the deep Markov model's layers).
// Matrices are row-major; each sum runs over its terms in order.
#include <cstdint>

namespace ppl {

// Whether a result [out_rows, out_cols] summed over a shared dim takes the
// loops: at most four columns, and a left operand small enough to stay in
// the first-level cache (larger ones, a regression's X, keep Eigen's
// vectorized product).
inline bool is_narrow_product(int64_t out_rows, int64_t shared, int64_t out_cols) {
  return out_cols >= 1 && out_cols <= 4 && shared <= 256 && out_rows * shared <= 16384;
}

// out[rows, cols] = a[rows, inner] b[inner, cols]
void narrow_product(const double* a, const double* b, double* out, int64_t rows, int64_t inner,
                    int64_t cols);
// out[rows, inner] += g[rows, cols] bᵀ for b [inner, cols]: the left
// operand's adjoint, narrow when `inner` is.
void narrow_product_add_rhs_transposed(const double* g, const double* b, double* out, int64_t rows,
                                       int64_t inner, int64_t cols);
// out[inner, cols] += aᵀ g for a [rows, inner] and g [rows, cols]: the right
// operand's adjoint, narrow when `cols` is.
void narrow_product_add_lhs_transposed(const double* a, const double* g, double* out, int64_t rows,
                                       int64_t inner, int64_t cols);

}  // namespace ppl
