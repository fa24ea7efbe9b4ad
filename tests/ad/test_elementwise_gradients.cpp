#include <doctest/doctest.h>

#include <limits>

#include "core/array_math.h"
#include "gradient_check.h"

using namespace ppl;
using namespace ppl::ad;
using ppl::ad::testing::check_gradient;
using ppl::ad::testing::random_array;

namespace {

const Array kAny = random_array(Shape{2, 3}, -2.0, 2.0, 1);
const Array kOther = random_array(Shape{2, 3}, -2.0, 2.0, 2);
const Array kPositive = random_array(Shape{2, 3}, 0.5, 3.0, 3);
const Array kAwayFromZero = random_array(Shape{2, 3}, 0.3, 2.0, 4) * Array(Shape{3}, {1, -1, 1});

}  // namespace

TEST_CASE("arithmetic gradients match finite differences") {
  check_gradient([](auto v) { return v[0] + v[1]; }, {kAny, kOther});
  check_gradient([](auto v) { return v[0] - v[1]; }, {kAny, kOther});
  check_gradient([](auto v) { return v[0] * v[1]; }, {kAny, kOther});
  check_gradient([](auto v) { return v[0] / v[1]; }, {kAny, kAwayFromZero});
  check_gradient([](auto v) { return -v[0]; }, {kAny});
  check_gradient([](auto v) { return pow(v[0], v[1]); }, {kPositive, kAny});
  check_gradient([](auto v) { return pow(v[0], 3.0); }, {kAny});
}

TEST_CASE("arithmetic with doubles treats the double as a constant") {
  check_gradient([](auto v) { return 2.0 * v[0] + 1.0; }, {kAny});
  check_gradient([](auto v) { return 1.5 - v[0] / 4.0; }, {kAny});
  check_gradient([](auto v) { return 3.0 / v[0] - 2.0; }, {kAwayFromZero});
  check_gradient([](auto v) { return v[0] * 0.5 - 1.0 + v[0]; }, {kAny});
}

TEST_CASE("broadcasting gradients are summed back to each operand's shape") {
  // [3, 1] + [4] -> [3, 4]
  check_gradient([](auto v) { return v[0] + v[1]; },
                 {random_array(Shape{3, 1}), random_array(Shape{4}, -1, 1, 5)});
  // scalar * [5]
  check_gradient([](auto v) { return v[0] * v[1]; },
                 {random_array(Shape{}), random_array(Shape{5}, -1, 1, 6)});
  // [2, 3] / [3], [2, 1, 4] - [3, 1], pow over [2, 3] and [2, 1]
  check_gradient([](auto v) { return v[0] / v[1]; },
                 {kAny, random_array(Shape{3}, 0.5, 2.0, 8)});
  check_gradient([](auto v) { return v[0] - v[1]; },
                 {random_array(Shape{2, 1, 4}), random_array(Shape{3, 1}, -1, 1, 9)});
  check_gradient([](auto v) { return pow(v[0], v[1]); },
                 {kPositive, random_array(Shape{2, 1}, -1, 1, 10)});
}

TEST_CASE("elementwise function gradients match finite differences") {
  check_gradient([](auto v) { return exp(v[0]); }, {kAny});
  check_gradient([](auto v) { return log(v[0]); }, {kPositive});
  check_gradient([](auto v) { return log1p(v[0]); }, {kPositive});
  check_gradient([](auto v) { return expm1(v[0]); }, {kAny});
  check_gradient([](auto v) { return sqrt(v[0]); }, {kPositive});
  check_gradient([](auto v) { return abs(v[0]); }, {kAwayFromZero});
  check_gradient([](auto v) { return square(v[0]); }, {kAny});
  check_gradient([](auto v) { return sin(v[0]); }, {kAny});
  check_gradient([](auto v) { return cos(v[0]); }, {kAny});
  check_gradient([](auto v) { return tanh(v[0]); }, {kAny});
  check_gradient([](auto v) { return sigmoid(v[0]); }, {kAny});
  check_gradient([](auto v) { return softplus(v[0]); }, {kAny});
  check_gradient([](auto v) { return log_sigmoid(v[0]); }, {kAny});
  check_gradient([](auto v) { return relu(v[0]); }, {kAwayFromZero});
  check_gradient([](auto v) { return lgamma(v[0]); }, {kPositive});
  check_gradient([](auto v) { return digamma(v[0]); }, {kPositive}, 1e-5);
}

TEST_CASE("where sends the adjoint to the selected branch only") {
  const Array mask(Shape{2, 3}, {1, 0, 1, 0, 0, 1});
  check_gradient(
      [&](auto v) { return where(v[0].tape().constant(mask), v[0], v[1]); }, {kAny, kOther});
  // Broadcast branches: a scalar and a row.
  check_gradient([&](auto v) { return where(v[0].tape().constant(mask), v[0], v[1]); },
                 {random_array(Shape{}), random_array(Shape{3})});
}

TEST_CASE("the stable functions stay finite in the tails") {
  Tape tape;
  const Var x = tape.leaf(Array::vector({-800.0, 0.0, 800.0}));
  CHECK(softplus(x).value().values().isFinite().all());
  CHECK(log_sigmoid(x).value().values().isFinite().all());
  CHECK(softplus(x).value().at({2}) == doctest::Approx(800.0));
  CHECK(log_sigmoid(x).value().at({0}) == doctest::Approx(-800.0));
  tape.backward(sum(log_sigmoid(x)));
  CHECK(tape.adjoint(x).values().isFinite().all());
  CHECK(tape.adjoint(x).at({0}) == doctest::Approx(1.0));
  CHECK(tape.adjoint(x).at({2}) == doctest::Approx(0.0));
}

TEST_CASE("NaN and inf propagate without errors") {
  Tape tape;
  const Var x = tape.leaf(Array::vector({-1.0, 0.0}));
  const Var y = sum(log(x) + lgamma(x));
  CHECK(std::isnan(y.item()));
  CHECK_NOTHROW(tape.backward(y));
}

TEST_CASE("exp far below zero is the subnormal or 0 that std::exp and NumPy give") {
  // Reference values: e^-720 = 2.0322308024183599e-313 and e^-745 =
  // 4.9406564584124654e-324 (the least subnormal), correctly rounded; e^-750
  // and e^-inf are 0. Eigen's own exp gives 5.6e-309 for all four.
  const double infinity = std::numeric_limits<double>::infinity();
  for (const int64_t size : {5, 2048}) {  // recorded at once, and deferred
    Eigen::ArrayXd x = Eigen::ArrayXd::Constant(size, -1.0);
    x.head(4) << -720.0, -745.0, -750.0, -infinity;
    Tape tape;
    const Var y = exp(tape.leaf(Array(Shape{size}, x)));
    const Eigen::ArrayXd& values = tape.value(y.index()).values();
    CHECK(values[0] == 2.0322308024183599e-313);
    CHECK(values[1] == 4.9406564584124654e-324);
    CHECK(values[2] == 0.0);
    CHECK(values[3] == 0.0);
    CHECK(values[size - 1] == doctest::Approx(std::exp(-1.0)).epsilon(1e-15));
  }
}
