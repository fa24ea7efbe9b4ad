#include <doctest/doctest.h>

#include <cmath>

#include "core/array_linalg.h"
#include "core/error.h"

using namespace ppl;

namespace {
bool same(const Array& a, const Array& b) {
  return a.shape() == b.shape() && a.values().isApprox(b.values(), 1e-12);
}
const Array kA(Shape{2, 3}, {1, 2, 3, 4, 5, 6});
const Array kB(Shape{3, 2}, {1, 0, 0, 1, 1, 1});
}  // namespace

TEST_CASE("matmul of matrices and vectors follows NumPy") {
  CHECK(same(matmul(kA, kB), Array(Shape{2, 2}, {4, 5, 10, 11})));
  CHECK(same(matmul(Array::vector({1, 1}), kA), Array::vector({5, 7, 9})));
  CHECK(same(matmul(kA, Array::vector({1, 0, 1})), Array::vector({4, 10})));
  CHECK(matmul(Array::vector({1, 2}), Array::vector({3, 4})).item() == 11);
  CHECK(dot(Array::vector({1, 2}), Array::vector({3, 4})).item() == 11);
  CHECK_THROWS_WITH_AS(matmul(kA, kA), "matmul: shapes [2, 3] and [2, 3] do not align", Error);
}

TEST_CASE("batched matmul broadcasts the leading axes") {
  const Array batch(Shape{2, 2, 3}, {1, 2, 3, 4, 5, 6, 0, 0, 0, 1, 1, 1});
  const Array product = matmul(batch, kB);
  CHECK(product.shape() == Shape{2, 2, 2});
  CHECK(product.at({0, 1, 1}) == 11);
  CHECK(product.at({1, 1, 0}) == 2);
}

TEST_CASE("cholesky, triangular solve and log-determinants") {
  const Array spd(Shape{2, 2}, {4, 2, 2, 3});
  const Array lower = cholesky(spd);
  CHECK(same(lower, Array(Shape{2, 2}, {2, 0, 1, std::sqrt(2.0)})));
  CHECK(same(solve_lower_triangular(lower, Array::vector({2, 1 + std::sqrt(2.0)})),
             Array::vector({1, 1})));
  CHECK(solve_lower_triangular(lower, Array::eye(2)).shape() == Shape{2, 2});
  CHECK(log_det_spd(spd).item() == doctest::Approx(std::log(8.0)));
  CHECK(log_abs_det_triangular(Array(Shape{2, 2}, {-2, 0, 5, 3})).item() ==
        doctest::Approx(std::log(6.0)));
  CHECK(std::isnan(cholesky(Array(Shape{2, 2}, {1, 2, 2, 1})).at({0, 0})));
  CHECK(std::isnan(log_det_spd(Array(Shape{2, 2}, {1, 2, 2, 1})).item()));
}
