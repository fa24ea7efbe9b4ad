#include "core/narrow_products.h"

#include <type_traits>

namespace ppl {

namespace {

template <int Cols>
void product(const double* a, const double* b, double* out, int64_t rows, int64_t inner) {
  for (int64_t i = 0; i < rows; ++i) {
    double sums[Cols] = {};
    const double* a_row = a + i * inner;
    for (int64_t p = 0; p < inner; ++p)
      for (int j = 0; j < Cols; ++j) sums[j] += a_row[p] * b[p * Cols + j];
    for (int j = 0; j < Cols; ++j) out[i * Cols + j] = sums[j];
  }
}

// out[i, p] += sum_j g[i, j] b[p, j], for Inner values of p.
template <int Inner>
void add_rhs_transposed(const double* g, const double* b, double* out, int64_t rows, int64_t cols) {
  for (int64_t i = 0; i < rows; ++i) {
    double sums[Inner] = {};
    const double* g_row = g + i * cols;
    for (int64_t j = 0; j < cols; ++j)
      for (int p = 0; p < Inner; ++p) sums[p] += g_row[j] * b[p * cols + j];
    for (int p = 0; p < Inner; ++p) out[i * Inner + p] += sums[p];
  }
}

// out[p, j] += sum_i a[i, p] g[i, j], for Cols values of j.
template <int Cols>
void add_lhs_transposed(const double* a, const double* g, double* out, int64_t rows,
                        int64_t inner) {
  for (int64_t p = 0; p < inner; ++p) {
    double sums[Cols] = {};
    for (int64_t i = 0; i < rows; ++i)
      for (int j = 0; j < Cols; ++j) sums[j] += a[i * inner + p] * g[i * Cols + j];
    for (int j = 0; j < Cols; ++j) out[p * Cols + j] += sums[j];
  }
}

// Runs kernel(std::integral_constant<int, W>) for the width W (1 to 4) given.
template <class Kernel>
void with_width(int64_t width, Kernel kernel) {
  switch (width) {
    case 1:
      return kernel(std::integral_constant<int, 1>{});
    case 2:
      return kernel(std::integral_constant<int, 2>{});
    case 3:
      return kernel(std::integral_constant<int, 3>{});
    default:
      return kernel(std::integral_constant<int, 4>{});
  }
}

}  // namespace

void narrow_product(const double* a, const double* b, double* out, int64_t rows, int64_t inner,
                    int64_t cols) {
  with_width(cols, [&](auto width) { product<decltype(width)::value>(a, b, out, rows, inner); });
}

void narrow_product_add_rhs_transposed(const double* g, const double* b, double* out, int64_t rows,
                                       int64_t inner, int64_t cols) {
  with_width(inner, [&](auto width) {
    add_rhs_transposed<decltype(width)::value>(g, b, out, rows, cols);
  });
}

void narrow_product_add_lhs_transposed(const double* a, const double* g, double* out, int64_t rows,
                                       int64_t inner, int64_t cols) {
  with_width(cols, [&](auto width) {
    add_lhs_transposed<decltype(width)::value>(a, g, out, rows, inner);
  });
}

}  // namespace ppl
