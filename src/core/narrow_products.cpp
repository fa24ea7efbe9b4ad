#include "core/narrow_products.h"

namespace ppl {

namespace {

// A matrix read through strides: element (i, j) at data[i * row + j * col],
// so that a transpose is the same matrix with its strides swapped.
struct Strided {
  const double* data;
  int64_t row, col;
  double at(int64_t i, int64_t j) const { return data[i * row + j * col]; }
};

// out[r, w] = (out[r, w] +) sum_k left(r, k) right(k, w) for Width columns
// w, each row's sums kept in registers.
template <int Width>
void sum_of_products(Strided left, Strided right, double* out, int64_t out_rows, int64_t shared,
                     bool accumulate) {
  for (int64_t r = 0; r < out_rows; ++r) {
    double sums[Width] = {};
    for (int64_t k = 0; k < shared; ++k) {
      const double l = left.at(r, k);
      for (int w = 0; w < Width; ++w) sums[w] += l * right.at(k, w);
    }
    double* out_row = out + r * Width;
    for (int w = 0; w < Width; ++w) out_row[w] = accumulate ? out_row[w] + sums[w] : sums[w];
  }
}

void narrow_sum_of_products(Strided left, Strided right, double* out, int64_t out_rows,
                            int64_t shared, int64_t width, bool accumulate) {
  switch (width) {
    case 1:
      return sum_of_products<1>(left, right, out, out_rows, shared, accumulate);
    case 2:
      return sum_of_products<2>(left, right, out, out_rows, shared, accumulate);
    case 3:
      return sum_of_products<3>(left, right, out, out_rows, shared, accumulate);
    default:
      return sum_of_products<4>(left, right, out, out_rows, shared, accumulate);
  }
}

}  // namespace

void narrow_product(const double* a, const double* b, double* out, int64_t rows, int64_t inner,
                    int64_t cols) {
  narrow_sum_of_products({a, inner, 1}, {b, cols, 1}, out, rows, inner, cols, false);
}

void narrow_product_add_rhs_transposed(const double* g, const double* b, double* out,
                                       int64_t rows, int64_t inner, int64_t cols) {
  // bᵀ(j, p) = b[p, j].
  narrow_sum_of_products({g, cols, 1}, {b, 1, cols}, out, rows, cols, inner, true);
}

void narrow_product_add_lhs_transposed(const double* a, const double* g, double* out,
                                       int64_t rows, int64_t inner, int64_t cols) {
  // aᵀ(p, i) = a[i, p].
  narrow_sum_of_products({a, 1, inner}, {g, cols, 1}, out, inner, rows, cols, true);
}

}  // namespace ppl
