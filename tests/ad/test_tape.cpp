#include <doctest/doctest.h>

#include <cmath>
#include <numbers>

#include "ad/ops.h"
#include "gradient_check.h"

using namespace ppl;
using namespace ppl::ad;
using ppl::ad::testing::random_array;

namespace {

Var normal_logpdf(Var x, Var mu, Var sigma) {
  const Var z = (x - mu) / sigma;
  return -0.5 * square(z) - log(sigma) - 0.5 * std::log(2 * std::numbers::pi);
}

int32_t nodes_for_normal_log_density(int64_t n) {
  Tape tape;
  const Array x = random_array(Shape{n});
  const Var total = sum(normal_logpdf(tape.constant_view(x), tape.leaf(0.3), tape.leaf(1.7)));
  tape.backward(total);
  return tape.size();
}

}  // namespace

TEST_CASE("forward values and gradients of a normal log density by hand") {
  Tape tape;
  const Var x = tape.constant(Array::vector({1.0, 2.0, 4.0}));
  const Var mu = tape.leaf(2.0);
  const Var sigma = tape.leaf(2.0);
  const Var total = sum(normal_logpdf(x, mu, sigma));
  // z = (-0.5, 0, 1): sum(-z^2 / 2) = -0.625, minus 3 log 2 and 1.5 log 2 pi.
  CHECK(total.item() ==
        doctest::Approx(-0.625 - 3 * std::log(2.0) - 1.5 * std::log(2 * std::numbers::pi)));
  tape.backward(total);
  // d/dmu = sum(z) / sigma = 0.25; d/dsigma = sum(z^2 - 1) / sigma = -0.875.
  CHECK(tape.adjoint(mu).item() == doctest::Approx(0.25));
  CHECK(tape.adjoint(sigma).item() == doctest::Approx(-0.875));
  CHECK(tape.adjoint(x).values().isZero());
}

TEST_CASE("the tape records one node per array operation, not per element") {
  // The rewritten sum (ad/algebraic_sums.h) adds a few one-element nodes.
  const int32_t small = nodes_for_normal_log_density(10);
  CHECK(small < 32);
  CHECK(nodes_for_normal_log_density(10'000) == small);
}

TEST_CASE("a cleared tape reuses its buffers and reproduces the results exactly") {
  Tape tape;
  const Array x = random_array(Shape{100});
  const auto evaluate = [&] {
    const Var mu = tape.leaf(Array::vector({0.1, -0.2}));
    const Var sigma = tape.leaf(1.3);
    const Var total = sum(normal_logpdf(reshape(tape.constant(x), Shape{50, 2}), mu, sigma));
    return std::make_tuple(total.item(), tape.gradient(total, {mu, sigma}));
  };
  const auto first = evaluate();
  std::vector<const double*> buffers;
  for (int32_t i = 0; i < tape.size(); ++i) buffers.push_back(tape.node(i).value.data());

  tape.clear();
  CHECK(tape.size() == 0);
  const auto second = evaluate();
  CHECK(std::get<0>(first) == std::get<0>(second));
  for (size_t k = 0; k < 2; ++k)
    CHECK((std::get<1>(first)[k].values() == std::get<1>(second)[k].values()).all());
  REQUIRE(tape.size() == static_cast<int32_t>(buffers.size()));
  for (int32_t i = 0; i < tape.size(); ++i) CHECK(tape.node(i).value.data() == buffers[i]);
}

TEST_CASE("constants and nodes computed only from constants need no gradient") {
  Tape tape;
  const Var c = tape.constant(Array::vector({1.0, 2.0}));
  const Var x = tape.leaf(Array::vector({3.0, 4.0}));
  const Var constant_branch = exp(c) * 2.0;
  const Var total = sum(constant_branch * x);
  CHECK_FALSE(tape.needs_gradient(constant_branch.index()));
  CHECK(tape.needs_gradient(total.index()));
  tape.backward(total);
  CHECK(tape.adjoint(x).values().isApprox(2.0 * Array::vector({1.0, 2.0}).values().exp()));
  CHECK(tape.adjoint(c).values().isZero());
}

TEST_CASE("gradients with respect to several leaves used several times") {
  Tape tape;
  const Var a = tape.leaf(3.0);
  const Var b = tape.leaf(Array::vector({1.0, 2.0}));
  const Var y = sum(a * b + a * a);  // d/da = sum(b) + 4a = 15, d/db = a = 3
  const std::vector<Array> gradients = tape.gradient(y, {a, b});
  CHECK(gradients[0].item() == doctest::Approx(15.0));
  CHECK(gradients[1].values().isApprox(Eigen::ArrayXd::Constant(2, 3.0)));
}

TEST_CASE("shape errors name both shapes") {
  Tape tape;
  const Var a = tape.leaf(Array::zeros(Shape{3, 2}));
  const Var b = tape.leaf(Array::zeros(Shape{4}));
  CHECK_THROWS_WITH_AS(a + b, "cannot broadcast shapes [3, 2] and [4]", ppl::Error);
  CHECK_THROWS_AS(matmul(a, b), ppl::Error);
}

TEST_CASE("misuse of tapes is reported") {
  Tape first;
  Tape second;
  const Var a = first.leaf(1.0);
  const Var b = second.leaf(1.0);
  CHECK_THROWS_AS(a + b, ppl::Error);
  CHECK_THROWS_AS(first.backward(first.leaf(Array::zeros(Shape{2}))), ppl::Error);
  CHECK_THROWS_AS(Var().value(), ppl::Error);
}

TEST_CASE("an adjoint passed on unchanged is handed to the operand, not kept") {
  Tape tape;
  const Var x = tape.leaf(Array::vector({1.0, 2.0}));
  const Var shifted = x + 1.0;
  tape.backward(sum(shifted * shifted));
  CHECK(tape.adjoint(x).values().isApprox(Array::vector({4.0, 6.0}).values()));
  CHECK_THROWS_AS(tape.adjoint(shifted), ppl::Error);
}

TEST_CASE("replay recomputes the nodes that depend on a leaf, with new leaf values") {
  Tape tape;
  const Var x = tape.leaf(Array::vector({1.0, 2.0}));
  const Var c = tape.constant(Array::vector({3.0, 4.0}));
  const Var y = sum(exp(x) * c) + sum(c * c);  // sum(c * c) = 25 stays as recorded
  REQUIRE(tape.replayable());
  tape.leaf_values(x) = Eigen::ArrayXd::Constant(2, 0.0);
  tape.replay();
  CHECK(y.item() == doctest::Approx(3.0 + 4.0 + 25.0).epsilon(1e-15));
  tape.backward(y);
  CHECK(tape.adjoint(x).values().isApprox(Array::vector({3.0, 4.0}).values()));
  CHECK_THROWS_AS(tape.leaf_values(y), ppl::Error);
}

TEST_CASE("a tape is not replayable after a value-dependent choice or an op without a forward step") {
  Tape tape;
  const Var x = tape.leaf(2.0);
  const Var y = x * x;
  CHECK(tape.replayable());
  tape.read_as_constant(tape.constant(1.0));  // a constant does not matter
  CHECK(tape.replayable());
  tape.read_as_constant(y);
  CHECK_FALSE(tape.replayable());
  tape.clear();
  const Var z = tape.leaf(2.0);
  tape.record([](Tape&, int32_t) {}, {z});  // a backward step and no forward step
  CHECK_FALSE(tape.replayable());
  (void)y;
}

TEST_CASE("a recorded check runs on every replay and reports a failure") {
  Tape tape;
  const Var x = tape.leaf(Array::vector({1.0, 2.0}));
  const ForwardFn positive = [](Tape& t, int32_t index) {
    if ((t.value(t.node(index).operands[0]).values() <= 0).any()) t.report_failed_check();
  };
  tape.record_check(positive, {x});
  const int32_t recorded = tape.size();
  tape.record_check(positive, {tape.constant(1.0)});  // holds for good: not recorded
  CHECK(tape.size() == recorded + 1);
  CHECK(tape.replayable());
  tape.leaf_values(x) << 1.0, -1.0;
  tape.replay();
  CHECK(tape.check_failed());
  tape.leaf_values(x) << 1.0, 3.0;
  tape.replay();
  CHECK_FALSE(tape.check_failed());
}

TEST_CASE("replay toward an output skips what the output does not depend on, never the checks") {
  Tape tape;
  const Var x = tape.leaf(1.0);
  const Var y = exp(x) * 2.0;
  const Var checked = x * 10.0;
  const Var unused = x * 3.0;
  tape.record_check([](Tape& t, int32_t index) {
    if (t.value(t.node(index).operands[0]).item() > 5.0) t.report_failed_check();
  }, {checked});
  tape.leaf_values(x) << 0.0;
  tape.replay(y);
  CHECK(y.item() == doctest::Approx(2.0).epsilon(1e-15));
  CHECK(checked.item() == 0.0);  // recomputed for the check
  // Not recomputed, but left deferred: read, it is the replayed point's
  // value, never the recorded one.
  CHECK(tape.node(unused.index()).deferred);
  CHECK(unused.item() == 0.0);
  CHECK_FALSE(tape.check_failed());
  CHECK((x + tape.constant(0.0)).index() == x.index());  // adding a constant zero records nothing
}

TEST_CASE("a dropped check no longer runs on replay, nor keeps its operand computed") {
  Tape tape;
  const Var x = tape.leaf(1.0);
  const Var y = exp(x);
  const Var checked = x * 10.0;
  tape.record_check([](Tape& t, int32_t index) {
    if (t.value(t.node(index).operands[0]).item() > 5.0) t.report_failed_check();
  }, {checked});
  const int32_t check = tape.size() - 1;
  tape.leaf_values(x) << 2.0;
  tape.replay(y);
  CHECK(tape.check_failed());
  CHECK(tape.live_nodes(y)[checked.index()]);
  tape.drop_check(check);
  tape.replay(y);
  CHECK_FALSE(tape.check_failed());
  CHECK_FALSE(tape.live_nodes(y)[checked.index()]);
  CHECK(y.item() == doctest::Approx(std::exp(2.0)).epsilon(1e-15));
  CHECK_THROWS_AS(tape.drop_check(y.index()), ppl::Error);  // not a check
}
