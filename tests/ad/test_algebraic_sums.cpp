// The sum of an elementwise chain rewritten by algebra (ad/algebraic_sums.h):
// a Normal log density written as separate operations against the closed
// form, at recording and on replay, with no node of n elements left for
// replay but the data; each rule's value against the plain sum of the
// elementwise values and its gradient against finite differences; sums over
// data that must stay exact are not rewritten; the node of squared
// deviations compiles; 300 random expressions against the same sum taken
// through a product with ones, which is never rewritten.
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "ad/compiled_tape.h"
#include "ad/ops.h"
#include "gradient_check.h"

using namespace ppl;
using namespace ppl::ad;
using testing::random_array;

namespace {

const double kHalfLogTwoPi = 0.5 * std::log(2 * std::numbers::pi);

Var normal_by_hand(Var x, Var mu, Var sigma) {
  return sum(-0.5 * square((x - mu) / sigma) - log(sigma) - kHalfLogTwoPi);
}

// sum_i log N(x_i | mu, sigma) and its gradient in (mu, sigma), in closed form.
std::array<double, 3> normal_closed_form(const Array& x, double mu, double sigma) {
  const Eigen::ArrayXd z = (x.values() - mu) / sigma;
  const auto n = static_cast<double>(x.size());
  return {-0.5 * z.square().sum() - n * (std::log(sigma) + kHalfLogTwoPi), z.sum() / sigma,
          (z.square().sum() - n) / sigma};
}

void check_normal(Tape& tape, Var total, Var mu, Var sigma, const Array& x) {
  const auto expected = normal_closed_form(x, mu.item(), sigma.item());
  CHECK(total.item() == doctest::Approx(expected[0]).epsilon(1e-13));
  const auto gradient = tape.gradient(total, {mu, sigma});
  CHECK(gradient[0].item() == doctest::Approx(expected[1]).epsilon(1e-12));
  CHECK(gradient[1].item() == doctest::Approx(expected[2]).epsilon(1e-12));
}

// The sum of `v`'s elementwise values as they were computed, without any
// rewriting: the reference for a rewritten sum's value.
double plain_sum(Var v) { return v.value().values().sum(); }

}  // namespace

TEST_CASE("a Normal log density written as array operations replays as one pass over the data") {
  const Array x = random_array({3000}, -2, 5, 21);
  Tape tape;
  const Var data = tape.constant(x);
  const Var mu = tape.leaf(0.4);
  const Var sigma = tape.leaf(1.9);
  const Var total = normal_by_hand(data, mu, sigma);
  check_normal(tape, total, mu, sigma, x);

  // Replay reads the data once, in the node of squared deviations; every
  // other live node holds one value.
  const std::vector<uint8_t> live = tape.live_nodes(total);
  int live_large = 0;
  for (int32_t i = 0; i < tape.size(); ++i)
    if (live[i] && i != data.index() && tape.value(i).size() > 1) ++live_large;
  CHECK(live_large == 0);

  tape.leaf_values(mu)[0] = -1.1;
  tape.leaf_values(sigma)[0] = 0.7;
  tape.replay(total);
  check_normal(tape, total, mu, sigma, x);
}

TEST_CASE("x^2 is square(x), and its sum is rewritten as square's") {
  const Array x = random_array({500}, -2, 2, 22);
  Tape tape;
  const Var data = tape.constant(x);
  const Var mu = tape.leaf(0.3);
  const Var squared = pow(data - mu, 2.0);
  CHECK(squared.value().values().isApprox((x.values() - 0.3).square(), 1e-15));
  const Var total = sum(squared);
  CHECK(total.item() == doctest::Approx((x.values() - 0.3).square().sum()).epsilon(1e-13));
  CHECK(tape.gradient(total, {mu})[0].item() ==
        doctest::Approx(-2 * (x.values() - 0.3).sum()).epsilon(1e-12));
}

TEST_CASE("each rewritten sum equals the plain sum and has the finite-difference gradient") {
  // in[0]: a vector of 40 values, in[1]: one value, in[2]: a column of 8,
  // in[3]: a row of 5 (broadcast to 8 x 5).
  const std::vector<Array> inputs = {random_array({40}, -1, 1, 23), random_array({}, 0.5, 1.5, 24),
                                     random_array({8, 1}, -1, 1, 25),
                                     random_array({1, 5}, -1, 1, 26)};
  struct Rule {
    const char* name;
    Var (*elementwise)(std::span<const Var>);
  };
  const Rule rules[] = {
      {"k * a", [](std::span<const Var> in) { return in[1] * exp(in[0]); }},
      {"a * k", [](std::span<const Var> in) { return exp(in[0]) * in[1]; }},
      {"a / k", [](std::span<const Var> in) { return exp(in[0]) / in[1]; }},
      {"-a", [](std::span<const Var> in) { return -exp(in[0]); }},
      {"square(k * (w - c))",
       [](std::span<const Var> in) { return square(in[1] * (in[0] - in[1])); }},
      {"square((c - w) / k)",
       [](std::span<const Var> in) { return square((in[1] - in[0]) / in[1]); }},
      {"square(-(w + c))", [](std::span<const Var> in) { return square(-(in[0] + in[1])); }},
      {"square(k * a), a not a deviation",
       [](std::span<const Var> in) { return square(in[1] * exp(in[0])); }},
      {"reduced - c", [](std::span<const Var> in) { return square(in[0] - in[1]) - log(in[1]); }},
      {"c + reduced", [](std::span<const Var> in) { return in[1] + -0.5 * square(in[0] / in[1]); }},
      {"broadcast [8, 1] + [1, 5], both reduced",
       [](std::span<const Var> in) { return square(in[2] - in[1]) + square(in[3] * in[1]); }},
      {"broadcast [8, 1] - 2 [1, 5], both reduced",
       [](std::span<const Var> in) { return square(in[2] - in[1]) - square(in[3] - in[1]) * 2.0; }},
  };
  for (const Rule& rule : rules) {
    CAPTURE(rule.name);
    Tape tape;
    std::vector<Var> leaves;
    for (const Array& input : inputs) leaves.push_back(tape.leaf(input));
    const Var elementwise = rule.elementwise(leaves);
    REQUIRE(elementwise.value().size() > 1);
    const int32_t before = tape.size();
    const Var total = sum(elementwise);
    CHECK(tape.size() > before + 1);  // rewritten: more than one Sum node
    CHECK(total.shape() == Shape{});
    CHECK(total.item() == doctest::Approx(plain_sum(elementwise)).epsilon(1e-13));
    testing::check_gradient([&](std::span<const Var> in) { return sum(rule.elementwise(in)); },
                            inputs);
  }
}

TEST_CASE("a sum over data with a parameter added stays a plain sum, exact where x is near mu") {
  // x = 1e15 + i / 8 and mu = 1e15: every x - mu is exact, and so is their
  // sum; sum(x) - n mu would round sum(x) (about 1e18) to a multiple of 128.
  Eigen::ArrayXd values(1000);
  for (int i = 0; i < 1000; ++i) values[i] = 1e15 + i / 8.0;
  Tape tape;
  const Var x = tape.constant(Array(Shape{1000}, values));
  const Var mu = tape.leaf(1e15);
  const double exact = 999.0 * 1000.0 / 16.0;
  CHECK(sum(x - mu).item() == exact);
  CHECK(sum(mu - x).item() == -exact);
  CHECK(sum(x + (-mu)).item() == exact);
  CHECK(sum(2.0 * x - 2.0 * mu).item() == 2 * exact);
  CHECK(sum(x / 2.0 - mu / 2.0).item() == exact / 2);
}

TEST_CASE("a tape with the node of squared deviations compiles, with its value and gradient") {
  // q holds 30 data-like values to centre and then mu and log sigma.
  const Array data = random_array({30}, -2, 2, 27);
  Tape tape;
  Eigen::ArrayXd start(32);
  start << data.values(), 0.2, 0.1;
  const Var q = tape.leaf(Array(Shape{32}, start));
  const SliceRange first[] = {{0, 30}};
  const auto log_density = [&](Var leaf) {
    const Var x = slice(leaf, first);
    return normal_by_hand(x, index(leaf, 30), exp(index(leaf, 31)));
  };
  const Var out = log_density(q);
  auto program = CompiledTape::compile(tape, q, out);
  REQUIRE(program.has_value());
  Eigen::VectorXd at(32);
  at << data.values() * 1.1, -0.3, 0.4;
  double value = 0;
  Eigen::VectorXd gradient;
  REQUIRE(program->run(at, value, gradient));
  Tape reference;
  const Var reference_q = reference.leaf(Array(Shape{32}, at.array()));
  const Var reference_out = log_density(reference_q);
  const Array reference_gradient = reference.gradient(reference_out, {reference_q})[0];
  CHECK(value == doctest::Approx(reference_out.item()).epsilon(1e-13));
  for (int i = 0; i < 32; ++i) {
    CAPTURE(i);
    CHECK(gradient[i] == doctest::Approx(reference_gradient.values()[i]).epsilon(1e-11));
  }
  // The closed form at the same point, for the tape and so for the program.
  const auto expected =
      normal_closed_form(Array(Shape{30}, at.head(30).array()), -0.3, std::exp(0.4));
  CHECK(value == doctest::Approx(expected[0]).epsilon(1e-13));
}

namespace {

// A random elementwise expression over a data vector x, a leaf vector a and
// one-element leaves k and c, built from the operations whose sums are
// rewritten (and exp, which stops a rewriting): divisors are k or an exp,
// so that no element divides by a value near zero.
Var random_expression(std::mt19937& engine, int depth, std::span<const Var> in) {
  std::uniform_int_distribution<int> pick(0, depth <= 0 ? 3 : 12);
  switch (pick(engine)) {
    case 0:
      return in[0];
    case 1:
      return in[1];
    case 2:
      return in[2];
    case 3:
      return in[3];
    case 4:
      return -random_expression(engine, depth - 1, in);
    case 5:
      return square(random_expression(engine, depth - 1, in));
    case 6:
      return pow(random_expression(engine, depth - 1, in) - in[3], 2.0);
    case 7:
      return exp(0.3 * random_expression(engine, depth - 1, in));
    case 8:
      return random_expression(engine, depth - 1, in) + random_expression(engine, depth - 1, in);
    case 9:
      return random_expression(engine, depth - 1, in) - random_expression(engine, depth - 1, in);
    case 10:
      return random_expression(engine, depth - 1, in) * random_expression(engine, depth - 1, in);
    case 11:
      return random_expression(engine, depth - 1, in) / in[2];
    default:
      return random_expression(engine, depth - 1, in) /
             exp(0.3 * random_expression(engine, depth - 1, in));
  }
}

}  // namespace

TEST_CASE("random expressions: the rewritten sum's value and gradient equal the plain sum's") {
  // The plain sum is sum(v * ones) over a full-size constant of ones: a
  // product of two arrays, never rewritten, through the same elementwise
  // nodes.
  const std::vector<Array> inputs = {random_array({40}, -1, 1, 31), random_array({}, 0.5, 1.5, 32),
                                     random_array({}, -0.5, 0.5, 33)};
  const Array x = random_array({40}, -2, 2, 34);
  std::mt19937 engine(35);
  int arrays = 0, rewritten = 0;
  for (int trial = 0; trial < 300; ++trial) {
    CAPTURE(trial);
    const std::mt19937 start = engine;
    const auto record = [&](Tape& tape, std::vector<Var>& leaves) {
      leaves.clear();
      for (const Array& input : inputs) leaves.push_back(tape.leaf(input));
      const Var in[] = {tape.constant(x), leaves[0], leaves[1], leaves[2]};
      engine = start;
      return random_expression(engine, 4, in);
    };
    Tape tape;
    std::vector<Var> leaves;
    const Var v = record(tape, leaves);
    if (v.value().size() == 1) continue;
    ++arrays;
    const int32_t before = tape.size();
    const Var total = sum(v);
    if (tape.size() > before + 1) ++rewritten;
    const Var plain =
        sum(v * tape.constant(Array(v.shape(), Eigen::ArrayXd::Ones(v.value().size()))));
    const double magnitude = v.value().values().abs().sum() + 1;
    REQUIRE(std::isfinite(plain.item()));
    CHECK(std::abs(total.item() - plain.item()) <= 1e-12 * magnitude);
    const auto gradient = tape.gradient(total, leaves);
    const auto expected = tape.gradient(plain, leaves);
    for (size_t k = 0; k < leaves.size(); ++k) {
      CAPTURE(k);
      const double scale = expected[k].values().abs().maxCoeff() + 1;
      CHECK((gradient[k].values() - expected[k].values()).abs().maxCoeff() <= 1e-10 * scale);
    }
  }
  MESSAGE("expressions of 40 values: ", arrays, ", sums rewritten: ", rewritten);
  CHECK(rewritten > 40);  // the trials exercise the rewritings
}
