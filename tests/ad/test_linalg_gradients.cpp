#include <doctest/doctest.h>

#include "core/array_linalg.h"
#include "core/array_math.h"
#include "gradient_check.h"

using namespace ppl;
using namespace ppl::ad;
using ppl::ad::testing::check_gradient;
using ppl::ad::testing::random_array;
using ppl::ad::testing::random_spd;

namespace {

// The symmetric part of a square matrix, so that finite differences of single
// entries match the symmetric gradients of cholesky and log_det_spd.
Var symmetric(Var m) { return 0.5 * (m + transpose(m)); }

// A well-conditioned lower-triangular matrix.
Array random_lower(int64_t n, unsigned seed) {
  Array l = random_array(Shape{n, n}, -1.0, 1.0, seed);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < n; ++j) {
      if (j > i) l.data()[i * n + j] = 0.0;
      if (j == i) l.data()[i * n + j] = 2.0 + std::abs(l.data()[i * n + j]);
    }
  return l;
}

}  // namespace

TEST_CASE("matmul gradients for matrices, vectors and batches") {
  check_gradient([](auto v) { return matmul(v[0], v[1]); },
                 {random_array(Shape{2, 3}), random_array(Shape{3, 4}, -1, 1, 41)});
  check_gradient([](auto v) { return matmul(v[0], v[1]); },
                 {random_array(Shape{3}), random_array(Shape{3, 4}, -1, 1, 42)});
  check_gradient([](auto v) { return matmul(v[0], v[1]); },
                 {random_array(Shape{2, 3}), random_array(Shape{3}, -1, 1, 43)});
  check_gradient([](auto v) { return matmul(v[0], v[1]); },
                 {random_array(Shape{3}), random_array(Shape{3}, -1, 1, 44)});
  // Batched, with the right operand broadcast over the batch.
  check_gradient([](auto v) { return matmul(v[0], v[1]); },
                 {random_array(Shape{2, 2, 3}), random_array(Shape{3, 2}, -1, 1, 45)});
  // A stack of rank 4 times a vector, and batches on both sides.
  check_gradient([](auto v) { return matmul(v[0], v[1]); },
                 {random_array(Shape{2, 3, 2, 3}), random_array(Shape{3}, -1, 1, 47)});
  check_gradient([](auto v) { return matmul(v[0], v[1]); },
                 {random_array(Shape{2, 2, 3}), random_array(Shape{2, 3, 2}, -1, 1, 48)});
  check_gradient([](auto v) { return dot(v[0], v[1]); },
                 {random_array(Shape{4}), random_array(Shape{4}, -1, 1, 46)});
}

TEST_CASE("cholesky gradient is the symmetric adjoint") {
  check_gradient([](auto v) { return cholesky(symmetric(v[0])); }, {random_spd(3)}, 1e-5);
}

TEST_CASE("triangular solve gradients for vector and matrix right-hand sides") {
  check_gradient([](auto v) { return solve_lower_triangular(v[0], v[1]); },
                 {random_lower(3, 47), random_array(Shape{3}, -1, 1, 48)});
  check_gradient([](auto v) { return solve_lower_triangular(v[0], v[1]); },
                 {random_lower(3, 49), random_array(Shape{3, 2}, -1, 1, 50)});
}

TEST_CASE("log-determinant gradients") {
  check_gradient([](auto v) { return log_det_spd(symmetric(v[0])); }, {random_spd(4, 51)});
  check_gradient([](auto v) { return log_abs_det_triangular(v[0]); },
                 {random_lower(3, 52) * Array(Shape{3}, {1, -1, 1})});
}

TEST_CASE("log_det_spd agrees with the Cholesky route") {
  Tape tape;
  const Var a = tape.leaf(random_spd(4, 53));
  const Var direct = log_det_spd(a);
  const Var via_cholesky = 2.0 * log_abs_det_triangular(cholesky(a));
  CHECK(direct.item() == doctest::Approx(via_cholesky.item()));
}
