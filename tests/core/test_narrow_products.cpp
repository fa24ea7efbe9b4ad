// Products with at most four result columns as plain loops
// (core/narrow_products.h) against Eigen's product of the same matrices,
// for every width the loops take and shared dims from 1 to 16.
#include <doctest/doctest.h>

#include <Eigen/Dense>

#include "core/narrow_products.h"

using namespace ppl;

namespace {

using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

double max_difference(const RowMajor& a, const RowMajor& b) {
  return (a - b).cwiseAbs().maxCoeff();
}

}  // namespace

TEST_CASE("narrow products and their adjoint products equal Eigen's") {
  std::srand(3);
  for (int64_t rows : {1, 5, 16, 192})
    for (int64_t inner : {1, 2, 3, 4, 8, 16})
      for (int64_t cols : {1, 2, 3, 4}) {
        CAPTURE(rows);
        CAPTURE(inner);
        CAPTURE(cols);
        const RowMajor a = RowMajor::Random(rows, inner);
        const RowMajor b = RowMajor::Random(inner, cols);
        REQUIRE(is_narrow_product(rows, inner, cols));
        RowMajor out(rows, cols);
        narrow_product(a.data(), b.data(), out.data(), rows, inner, cols);
        CHECK(max_difference(out, a * b) <= 1e-14 * inner);

        // The adjoints of C = A B from C's adjoint g, added to what is there.
        const RowMajor g = RowMajor::Random(rows, cols);
        RowMajor da = RowMajor::Constant(rows, inner, 0.5);
        if (is_narrow_product(rows, cols, inner)) {
          narrow_product_add_rhs_transposed(g.data(), b.data(), da.data(), rows, inner, cols);
          const RowMajor expected =
              (RowMajor::Constant(rows, inner, 0.5) + g * b.transpose()).eval();
          CHECK(max_difference(da, expected) <= 1e-14 * cols);
        }
        RowMajor db = RowMajor::Constant(inner, cols, -0.25);
        narrow_product_add_lhs_transposed(a.data(), g.data(), db.data(), rows, inner, cols);
        const RowMajor expected_db =
            (RowMajor::Constant(inner, cols, -0.25) + a.transpose() * g).eval();
        CHECK(max_difference(db, expected_db) <= 1e-14 * rows);
      }
}

TEST_CASE("which shapes take the loops") {
  CHECK(is_narrow_product(16, 8, 2));
  CHECK(is_narrow_product(192, 8, 4));
  CHECK_FALSE(is_narrow_product(16, 8, 8));     // five or more columns: Eigen
  CHECK_FALSE(is_narrow_product(5000, 20, 1));  // a regression's X @ beta: Eigen
  CHECK_FALSE(is_narrow_product(2, 300, 1));    // a long shared dim: Eigen
  CHECK_FALSE(is_narrow_product(16, 8, 0));
}
