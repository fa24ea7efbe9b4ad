#include <doctest/doctest.h>

#include "gradient_check.h"

using namespace ppl;
using namespace ppl::ad;
using ppl::ad::testing::check_gradient;
using ppl::ad::testing::random_array;

namespace {
const Array kCube = random_array(Shape{2, 3, 4}, -2.0, 2.0, 21);
}

TEST_CASE("sum and mean gradients over all elements and over each axis") {
  check_gradient([](auto v) { return sum(v[0]); }, {kCube});
  check_gradient([](auto v) { return mean(v[0]); }, {kCube});
  for (int axis : {0, 1, 2, -1}) {
    check_gradient([=](auto v) { return sum(v[0], axis); }, {kCube});
    check_gradient([=](auto v) { return mean(v[0], axis, /*keepdims=*/true); }, {kCube});
  }
}

TEST_CASE("prod gradients, also with a zero factor") {
  check_gradient([](auto v) { return prod(v[0]); }, {random_array(Shape{5}, 0.5, 1.5, 22)});
  check_gradient([](auto v) { return prod(v[0], 1); }, {kCube});
  Tape tape;
  const Var x = tape.leaf(Array::vector({2.0, 0.0, 3.0}));
  tape.backward(prod(x));
  CHECK((tape.adjoint(x).values() == Array::vector({0.0, 6.0, 0.0}).values()).all());
}

TEST_CASE("max and min send the gradient to the extreme element") {
  check_gradient([](auto v) { return max(v[0]); }, {kCube});
  check_gradient([](auto v) { return min(v[0], 0); }, {kCube});
  check_gradient([](auto v) { return max(v[0], -1, true); }, {kCube});
  Tape tape;
  const Var x = tape.leaf(Array::vector({1.0, 5.0, 5.0, 2.0}));
  tape.backward(max(x));
  CHECK(tape.adjoint(x).values().isApprox(Array::vector({0, 1, 0, 0}).values()));
}

TEST_CASE("logsumexp, softmax and log_softmax gradients") {
  check_gradient([](auto v) { return logsumexp(v[0]); }, {kCube});
  check_gradient([](auto v) { return logsumexp(v[0], 1); }, {kCube});
  check_gradient([](auto v) { return softmax(v[0]); }, {kCube});
  check_gradient([](auto v) { return log_softmax(v[0]); }, {kCube});
  check_gradient([](auto v) { return softmax(v[0], 0); }, {kCube});
}

TEST_CASE("logsumexp is stable for large arguments") {
  Tape tape;
  const Var x = tape.leaf(Array::vector({1000.0, 1000.0}));
  const Var y = logsumexp(x);
  CHECK(y.item() == doctest::Approx(1000.0 + std::log(2.0)));
  tape.backward(y);
  CHECK(tape.adjoint(x).values().isApprox(Array::vector({0.5, 0.5}).values()));
}

TEST_CASE("cumsum gradients along each axis") {
  check_gradient([](auto v) { return cumsum(v[0], 0); }, {kCube});
  check_gradient([](auto v) { return cumsum(v[0], -1); }, {kCube});
}

TEST_CASE("cumprod gradients along each axis, also with zero factors") {
  check_gradient([](auto v) { return cumprod(v[0], 0); }, {kCube});
  check_gradient([](auto v) { return cumprod(v[0], -1); }, {kCube});
  // d(sum of running products)/dx at x = (2, 0, 3): running products 2, 0, 0;
  // by hand, d/dx0 = 1 + x1 + x1 x2 = 1, d/dx1 = x0 + x0 x2 = 8, d/dx2 = x0 x1 = 0.
  Tape tape;
  const Var x = tape.leaf(Array::vector({2.0, 0.0, 3.0}));
  const Var y = cumprod(x, 0);
  CHECK((y.value().values() == Array::vector({2.0, 0.0, 0.0}).values()).all());
  tape.backward(sum(y));
  CHECK((tape.adjoint(x).values() == Array::vector({1.0, 8.0, 0.0}).values()).all());
}
