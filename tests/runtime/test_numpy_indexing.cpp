// x[...] as NumPy's: negative indices, slices with steps, None, ...,
// integer arrays on any axis, boolean masks; the results' values and
// shapes against NumPy's documented semantics (numpy.org, "Indexing on
// ndarrays"), gradients through each form against finite differences, and
// the errors.
#include <cmath>

#include "infer/model_potential.h"
#include "runtime_test_support.h"

using namespace ppl;

namespace {

Array value_of(const std::string& expression) {
  auto p = test::load("model {\n  let v = [10.0, 11.0, 12.0, 13.0, 14.0]\n"
                      "  let M = [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]\n"
                      "  let T = reshape(arange(24), [2, 3, 4])\n"
                      "  deterministic out = " + expression + "\n}\n");
  ad::Tape tape;
  return test::run_traced(p, tape, 1).site("out").value().value();
}

void check(const std::string& expression, const Shape& shape, std::initializer_list<double> values) {
  INFO(expression);
  const Array out = value_of(expression);
  CHECK(out.shape() == shape);
  REQUIRE(out.size() == static_cast<int64_t>(values.size()));
  int64_t i = 0;
  for (double v : values) CHECK(out.values()[i++] == v);
}

}  // namespace

TEST_CASE("negative indices count from the end") {
  check("v[-1]", Shape{}, {14});
  check("M[-1, -3]", Shape{}, {3});
  check("v[[-1, 0]]", Shape{2}, {14, 10});
}

TEST_CASE("slices take NumPy's steps and clip their ends") {
  check("v[::2]", Shape{3}, {10, 12, 14});
  check("v[::-1]", Shape{5}, {14, 13, 12, 11, 10});
  check("v[1:-1]", Shape{3}, {11, 12, 13});
  check("v[-2:]", Shape{2}, {13, 14});
  check("v[3:1:-1]", Shape{2}, {13, 12});
  check("v[2:100]", Shape{3}, {12, 13, 14});
  check("v[4:2]", Shape{0}, {});
  check("M[:, ::2]", Shape{2, 2}, {0, 2, 3, 5});
}

TEST_CASE("None adds an axis of length 1 and ... stands for the axes left") {
  check("v[:, None]", Shape{5, 1}, {10, 11, 12, 13, 14});
  check("v[None]", Shape{1, 5}, {10, 11, 12, 13, 14});
  check("M[None, :, None, 1]", Shape{1, 2, 1}, {1, 4});
  check("M[..., 0]", Shape{2}, {0, 3});
  check("M[1, ...]", Shape{3}, {3, 4, 5});
  check("M[...]", Shape{2, 3}, {0, 1, 2, 3, 4, 5});
  check("v[..., None]", Shape{5, 1}, {10, 11, 12, 13, 14});
}

TEST_CASE("an integer array indexes any axis; its dims replace that axis") {
  check("M[:, [2, 0]]", Shape{2, 2}, {2, 0, 5, 3});
  check("M[[1, 1, 0]]", Shape{3, 3}, {3, 4, 5, 3, 4, 5, 0, 1, 2});
  check("v[[[0, 1], [3, 4]]]", Shape{2, 2}, {10, 11, 13, 14});
}

// With T = arange(24).reshape(2, 3, 4), as NumPy computes them.
TEST_CASE("several advanced entries broadcast together and stand where NumPy puts them") {
  check("M[[0, 1], [2, 0]]", Shape{2}, {2, 3});
  check("T[0, :, [1, 2]]", Shape{2, 3}, {1, 5, 9, 2, 6, 10});
  check("T[:, 0, [1, 2]]", Shape{2, 2}, {1, 2, 13, 14});
  check("T[[0, 1], :, [0, 3]]", Shape{2, 3}, {0, 4, 8, 15, 19, 23});
  check("T[[[0], [1]], [0, 2]]", Shape{2, 2, 4},
        {0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 20, 21, 22, 23});
  check("T[1, [0, 2], 1:3]", Shape{2, 2}, {13, 14, 21, 22});
  check("T[..., [0, 1], [1, 2]]", Shape{2, 2}, {1, 6, 13, 18});
  check("T[[true, false], 2, [0, -1]]", Shape{2}, {8, 11});
}

TEST_CASE("a boolean mask keeps the elements where it holds") {
  check("v[v > 12]", Shape{2}, {13, 14});
  check("M[M > 2.5]", Shape{3}, {3, 4, 5});
  check("M[:, [true, false, true]]", Shape{2, 2}, {0, 2, 3, 5});
  check("v[v > 100]", Shape{0}, {});
}

TEST_CASE("indexing errors say what NumPy would") {
  CHECK_THROWS_WITH(value_of("v[::0]"), doctest::Contains("a slice's step cannot be zero"));
  CHECK_THROWS_WITH(value_of("v[[true, false]]"),
                    doctest::Contains("a boolean index of shape [2] does not match axis 0 of size 5"));
  CHECK_THROWS_WITH(value_of("v[[5]]"), doctest::Contains("index 5 is out of range for axis 0 of size 5"));
}

TEST_CASE("gradients flow through steps, None, ... and masks") {
  auto p = test::load(R"(model {
  v ~ Normal(zeros([4]), 1).to_event(1)
  factor a = sum(v[::-2] * [1.0, 2.0])
  factor b = sum(v[None, ...][0, 1:3] * 3)
  factor c = sum(square(v[v > 0]))
  factor d = sum(reshape(v, [2, 2])[[0, 1], [1, 0]] * [1.0, 2.0])
})");
  infer::ModelPotential potential(p.program, p.data, RandomKey(3));
  Eigen::VectorXd q(4);
  q << 0.3, -0.7, 0.4, 1.1;
  Eigen::VectorXd gradient, unused;
  potential(q, gradient);
  for (Eigen::Index i = 0; i < 4; ++i) {
    const double h = 1e-6;
    Eigen::VectorXd plus = q, minus = q;
    plus[i] += h;
    minus[i] -= h;
    CHECK(gradient[i] == doctest::Approx((potential(plus, unused) - potential(minus, unused)) / (2 * h)).epsilon(1e-6));
  }
}
