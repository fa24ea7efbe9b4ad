// A value computed twice from the same operands is one node
// (ad/common_subexpressions.h): the guide of a deep Markov model runs
// tanh(z @ W + b) for its loc and again for its scale. The shared node keeps
// the repeated computation's values, its gradient matches finite
// differences, and replay with new leaf values recomputes it once.
#include <doctest/doctest.h>

#include "gradient_check.h"

using namespace ppl;
using namespace ppl::ad;
using ppl::ad::testing::check_gradient;
using ppl::ad::testing::random_array;

TEST_CASE("the same operation on the same operands is recorded once") {
  Tape tape;
  const Var z = tape.leaf(random_array(Shape{4, 2}, -1, 1, 1));
  const Var w = tape.leaf(random_array(Shape{2, 3}, -1, 1, 2));
  const Var b = tape.leaf(random_array(Shape{3}, -1, 1, 3));
  const Var h = tape.constant(random_array(Shape{4, 3}, -1, 1, 4));

  const Var first = 0.5 * (tanh(matmul(z, w) + b) + h);
  const int32_t size_after_first = tape.size();
  const Var second = 0.5 * (tanh(matmul(z, w) + b) + h);
  CHECK(second.index() == first.index());
  // Only the second literal 0.5 is new.
  CHECK(tape.size() == size_after_first + 1);
  const bool newest_is_literal = tape.node(tape.size() - 1).backward == nullptr;
  CHECK(newest_is_literal);
}

TEST_CASE("different operands, another operation or a leaf of equal value stay apart") {
  Tape tape;
  const Var x = tape.leaf(random_array(Shape{3}, -1, 1, 5));
  const Var y = tape.leaf(random_array(Shape{3}, -1, 1, 6));
  CHECK(tanh(x).index() != tanh(y).index());
  CHECK(tanh(x).index() != sigmoid(x).index());
  CHECK((x - y).index() != (y - x).index());
  CHECK((2.0 * x).index() != (3.0 * x).index());
  // Leaves with the same value are different inputs: replay may set them apart.
  const Var one = tape.leaf(1.0), other_one = tape.leaf(1.0);
  CHECK(exp(one).index() != exp(other_one).index());
  // Constants of several elements are compared by node, not by value.
  const Var c1 = tape.constant(Array::vector({1.0, 2.0})),
            c2 = tape.constant(Array::vector({1.0, 2.0}));
  CHECK((c1 * one).index() != (c2 * one).index());
}

TEST_CASE("a shared node's gradient and replay") {
  // Both uses send their adjoints into the one node.
  check_gradient(
      [](auto v) {
        const Var loc = matmul(tanh(matmul(v[0], v[1]) + v[2]), v[3]);
        const Var scale = softplus(matmul(tanh(matmul(v[0], v[1]) + v[2]), v[4]));
        return loc * scale + 0.5 * loc - 0.5 * scale;
      },
      {random_array(Shape{4, 2}), random_array(Shape{2, 3}, -1, 1, 11),
       random_array(Shape{3}, -1, 1, 12), random_array(Shape{3, 2}, -1, 1, 13),
       random_array(Shape{3, 2}, -1, 1, 14)});

  Tape tape;
  const Var x = tape.leaf(random_array(Shape{5}, -1, 1, 21));
  const Var a = tape.leaf(0.7);
  const Var out = sum(tanh(a * x) * tanh(a * x));
  REQUIRE(tape.replayable());
  const Array x_new = random_array(Shape{5}, -1, 1, 22);
  tape.leaf_values(x) = x_new.values();
  tape.leaf_values(a) = Eigen::ArrayXd::Constant(1, -1.3);
  tape.replay(out);
  CHECK(out.item() ==
        doctest::Approx((-1.3 * x_new.values()).tanh().square().sum()).epsilon(1e-14));
}
