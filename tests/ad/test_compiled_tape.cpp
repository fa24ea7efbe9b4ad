// A tape of small values compiled into a flat program gives the tape's
// value and gradient at new leaf values (each operation on its own, on one
// element, on vectors and on a vector with one element, a kernel operation,
// then a recurrence), refuses what it cannot compile, and reports failed
// argument checks. The distributions' kernels are
// checked in tests/dist/test_scalar_forms.cpp.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "ad/ops.h"
#include "ad/compiled_tape.h"

using namespace ppl;
using namespace ppl::ad;

namespace {

using Program = std::function<Var(Var a, Var b)>;

struct Case {
  std::string name;
  Program f;
};

// Both operands stay in (0.2, 0.9), inside every operation's domain.
const std::vector<Case>& cases() {
  static const std::vector<Case> all = {
      {"add", [](Var a, Var b) { return a + b; }},
      {"subtract", [](Var a, Var b) { return a - b; }},
      {"multiply", [](Var a, Var b) { return a * b; }},
      {"divide", [](Var a, Var b) { return a / b; }},
      {"negate", [](Var a, Var) { return -a; }},
      {"exp", [](Var a, Var) { return exp(a); }},
      {"log", [](Var a, Var) { return log(a); }},
      {"log1p", [](Var a, Var) { return log1p(a); }},
      {"expm1", [](Var a, Var) { return expm1(a); }},
      {"sqrt", [](Var a, Var) { return sqrt(a); }},
      {"abs", [](Var a, Var b) { return abs(a - b); }},
      {"square", [](Var a, Var) { return square(a); }},
      {"sin", [](Var a, Var) { return sin(a); }},
      {"cos", [](Var a, Var) { return cos(a); }},
      {"tanh", [](Var a, Var) { return tanh(a); }},
      {"sigmoid", [](Var a, Var) { return sigmoid(a); }},
      {"softplus", [](Var a, Var) { return softplus(a); }},
      {"log_sigmoid", [](Var a, Var) { return log_sigmoid(a); }},
      {"sum", [](Var a, Var b) { return sum(a * b); }},
      {"reshape", [](Var a, Var) { return reshape(a, Shape{1, a.value().size()}); }},
  };
  return all;
}

// The operation applied to two parts of the leaf, its output weighted and
// summed so that every element's adjoint differs from 1. The leaf holds
// seven values: a vector of three, another of three, one number.
enum class Operands { Numbers, Vectors, VectorAndNumber };
Var record(Tape& tape, Var leaf, const Program& f, Operands operands) {
  const SliceRange first[] = {{0, 3}}, second[] = {{3, 6}};
  const Var a = operands == Operands::Numbers ? index(leaf, 0) : slice(leaf, first);
  const Var b = operands == Operands::Vectors ? slice(leaf, second) : index(leaf, 6);
  const Var out = f(a, b);
  const Var weights = tape.constant(
      out.value().size() == 1 ? Array(1.7) : Array(out.shape(), {1.7, -0.4, 0.9}));
  return sum(out * weights);
}

using Recording = std::function<Var(Tape&, Var)>;

// How close the compiled program must come: to the tape's value and
// gradient, and to central differences of itself.
struct Tolerances {
  double value = 1e-13, gradient = 1e-12, finite_difference = 1e-6;
};

// The program compiled from `record` at leaf values `start`, run at `q`:
// the tape's value and gradient there (checked at every `step`-th element),
// and the program's gradient against its own central differences.
void check_compiled(const Recording& record, const Array& start, const Eigen::VectorXd& q,
                    int step = 1, Tolerances within = {}) {
  Tape tape;
  const Var leaf = tape.leaf(start);
  auto program = CompiledTape::compile(tape, leaf, record(tape, leaf));
  REQUIRE(program);
  double value = 0;
  Eigen::VectorXd gradient;
  REQUIRE(program->run(q, value, gradient));
  Tape reference;
  const Var reference_leaf = reference.leaf(Array(start.shape(), q.array()));
  const Var reference_out = record(reference, reference_leaf);
  const Array reference_gradient = reference.gradient(reference_out, {reference_leaf})[0];
  CHECK(value == doctest::Approx(reference_out.item()).epsilon(within.value));
  for (Eigen::Index i = 0; i < q.size(); i += step) {
    CAPTURE(i);
    CHECK(gradient[i] == doctest::Approx(reference_gradient.values()[i]).epsilon(within.gradient));
    const double h = 1e-6;
    Eigen::VectorXd plus = q, minus = q, unused;
    plus[i] += h;
    minus[i] -= h;
    double up = 0, down = 0;
    REQUIRE(program->run(plus, up, unused));
    REQUIRE(program->run(minus, down, unused));
    CHECK(gradient[i] ==
          doctest::Approx((up - down) / (2 * h)).epsilon(within.finite_difference).scale(1.0));
  }
}

// The program's value and gradient at q; `ran` is false where a check failed.
struct Outcome {
  bool ran = false;
  double value = 0;
  Eigen::VectorXd gradient;
};
Outcome run_at(CompiledTape& program, const Eigen::VectorXd& q) {
  Outcome outcome;
  outcome.ran = program.run(q, outcome.value, outcome.gradient);
  return outcome;
}

}  // namespace

TEST_CASE("compiled tape: every operation gives the tape's value and gradient at a new point") {
  const Eigen::VectorXd q =
      (Eigen::VectorXd(7) << 0.55, 0.3, 0.8, 0.25, 0.6, 0.45, 0.35).finished();
  for (Operands operands : {Operands::Numbers, Operands::Vectors, Operands::VectorAndNumber}) {
    for (const Case& c : cases()) {
      CAPTURE(c.name);
      CAPTURE(static_cast<int>(operands));
      check_compiled([&](Tape& tape, Var leaf) { return record(tape, leaf, c.f, operands); },
                     Array::vector({0.4, 0.7, 0.5, 0.6, 0.3, 0.8, 0.65}), q, 1,
                     {.value = 1e-14, .gradient = 1e-13, .finite_difference = 1e-7});
    }
  }
}

TEST_CASE("compiled tape: the example of its header") {
  Tape tape;
  const Var q = tape.leaf(Array::vector({0.5, 2.0}));
  const Var out = -square(index(q, 0)) * exp(index(q, 1));
  auto program = CompiledTape::compile(tape, q, out);
  REQUIRE(program.has_value());
  double value = 0;
  Eigen::VectorXd gradient;
  REQUIRE(program->run(Eigen::Vector2d(1.0, 0.0), value, gradient));
  CHECK(value == -1.0);
  CHECK(gradient[0] == -2.0);
  CHECK(gradient[1] == -1.0);
}

TEST_CASE("compiled tape: a recurrence of 200 steps, as a GARCH volatility") {
  // s_t = sqrt(a0 + a1 (y_{t-1} - mu)^2 + b1 s_{t-1}^2), y_t ~ Normal(mu, s_t).
  std::vector<double> y(200);
  for (size_t t = 0; t < y.size(); ++t) y[t] = std::sin(0.37 * static_cast<double>(t));
  const auto log_density = [&](Tape& tape, Var q) {
    const Var mu = index(q, 0), a0 = exp(index(q, 1)), a1 = sigmoid(index(q, 2)),
              b1 = sigmoid(index(q, 3));
    Var s = tape.constant(1.0);
    Var total = tape.constant(0.0);
    for (size_t t = 1; t < y.size(); ++t) {
      s = sqrt(a0 + a1 * square(tape.constant(y[t - 1]) - mu) + b1 * square(s));
      total = total - 0.5 * square((tape.constant(y[t]) - mu) / s) - log(s);
    }
    return -total;
  };
  Tape tape;
  const Var q = tape.leaf(Array::vector({0.1, -1.0, 0.2, -0.5}));
  const Var out = log_density(tape, q);
  auto program = CompiledTape::compile(tape, q, out);
  REQUIRE(program.has_value());

  const Eigen::Vector4d at(-0.05, -0.7, 0.4, 0.1);
  double value = 0;
  Eigen::VectorXd gradient;
  REQUIRE(program->run(at, value, gradient));
  Tape reference;
  const Var reference_q = reference.leaf(Array::vector({at[0], at[1], at[2], at[3]}));
  const Var reference_out = log_density(reference, reference_q);
  const Array reference_gradient = reference.gradient(reference_out, {reference_q})[0];
  CHECK(value == doctest::Approx(reference_out.item()).epsilon(1e-13));
  for (int i = 0; i < 4; ++i) {
    CAPTURE(i);
    CHECK(gradient[i] == doctest::Approx(reference_gradient.values()[i]).epsilon(1e-11));
  }
}

namespace {

// A check that its operand is positive, as distributions record on their
// arguments (dist/distribution.h).
void replayed_positive_check(Tape& tape, int32_t index) {
  if (!(tape.value(tape.node(index).operands[0]).values() > 0.0).all()) tape.report_failed_check();
}
double positive(const double* operands) { return operands[0] > 0.0 ? 1.0 : 0.0; }
constexpr ScalarKernel kPositive{1, &positive, nullptr};

// x * y^2, a kernel of two operands with its partials.
double times_square(const double* x) { return x[0] * x[1] * x[1]; }
void times_square_partials(const double* x, double* d) {
  d[0] = x[1] * x[1];
  d[1] = 2.0 * x[0] * x[1];
}
constexpr ScalarKernel kTimesSquare{2, &times_square, &times_square_partials};
void times_square_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const double g = tape.adjoint_of(index).values()[0];
  const double x = tape.value(node.operands[0]).values()[0];
  const double y = tape.value(node.operands[1]).values()[0];
  tape.accumulate(node.operands[0], Eigen::ArrayXd::Constant(1, g * y * y));
  tape.accumulate(node.operands[1], Eigen::ArrayXd::Constant(1, 2.0 * g * x * y));
}
void times_square_forward(Tape& tape, int32_t index) {
  Node& node = tape.node(index);
  const double x = tape.value(node.operands[0]).values()[0];
  const double y = tape.value(node.operands[1]).values()[0];
  node.value.assign(Shape{}, Eigen::ArrayXd::Constant(1, x * y * y));
}
Var times_square_op(Var x, Var y) {
  Tape& tape = x.tape();
  const Var out = tape.record(&times_square_backward, {x, y});
  tape.set_forward(&times_square_forward);
  tape.node(out.index())
      .value.assign(Shape{}, Eigen::ArrayXd::Constant(1, x.item() * y.item() * y.item()));
  tape.set_scalar(out, ScalarOp::Kernel, &kTimesSquare);
  return out;
}

}  // namespace

TEST_CASE("compiled tape: a kernel operation with its partials") {
  Tape tape;
  const Var q = tape.leaf(Array::vector({0.3, -1.2}));
  const Var out = times_square_op(exp(index(q, 0)), index(q, 1) + 1.0);
  auto program = CompiledTape::compile(tape, q, out);
  REQUIRE(program.has_value());
  double value = 0;
  Eigen::VectorXd gradient;
  REQUIRE(program->run(Eigen::Vector2d(0.5, 2.0), value, gradient));
  // exp(0.5) * 3^2, and its derivatives 9 exp(0.5) and 6 exp(0.5).
  CHECK(value == doctest::Approx(9.0 * std::exp(0.5)).epsilon(1e-15));
  CHECK(gradient[0] == doctest::Approx(9.0 * std::exp(0.5)).epsilon(1e-15));
  CHECK(gradient[1] == doctest::Approx(6.0 * std::exp(0.5)).epsilon(1e-15));
}

TEST_CASE("compiled tape: a failed argument check is reported, as replay() reports it") {
  // The check on b - 0.5 holds for b > 0.5 only.
  Tape tape;
  const Var q = tape.leaf(Array::vector({0.1, 1.0}));
  const Var scale = index(q, 1) - 0.5;
  tape.record_check(&replayed_positive_check, {scale}, &kPositive);
  const Var out = index(q, 0) * scale;
  auto program = CompiledTape::compile(tape, q, out);
  REQUIRE(program.has_value());
  double value = 0;
  Eigen::VectorXd gradient;
  CHECK(program->run(Eigen::Vector2d(2.0, 1.5), value, gradient));
  CHECK(value == 2.0);
  CHECK_FALSE(program->run(Eigen::Vector2d(2.0, 0.4), value, gradient));
  CHECK(program->run(Eigen::Vector2d(2.0, 2.5), value, gradient));
  CHECK(value == 4.0);
  // The same check without its scalar form: the tape does not compile.
  Tape other;
  const Var r = other.leaf(Array::vector({0.1, 1.0}));
  other.record_check(&replayed_positive_check, {index(r, 1)});
  CHECK_FALSE(CompiledTape::compile(other, r, index(r, 0) * index(r, 1)).has_value());
}

TEST_CASE("compiled tape: a check repeated on the same value, beside one on another value") {
  // As a scan checks its parameter at every step: the program checks it
  // once, and still checks the other value.
  Tape tape;
  const Var q = tape.leaf(Array::vector({1.0, 1.0}));
  const Var first = index(q, 0), second = index(q, 1);
  Var out = tape.constant(Array(0.0));
  for (int step = 0; step < 3; ++step) {
    tape.record_check(&replayed_positive_check, {first}, &kPositive);
    out = out + first * second;
  }
  tape.record_check(&replayed_positive_check, {second}, &kPositive);
  auto program = CompiledTape::compile(tape, q, out);
  REQUIRE(program.has_value());
  const Outcome inside = run_at(*program, Eigen::Vector2d(2.0, 0.5));
  CHECK(inside.ran);
  CHECK(inside.value == 3.0);
  CHECK(inside.gradient[0] == 1.5);
  CHECK(inside.gradient[1] == 6.0);
  CHECK_FALSE(run_at(*program, Eigen::Vector2d(-2.0, 0.5)).ran);
  CHECK_FALSE(run_at(*program, Eigen::Vector2d(2.0, -0.5)).ran);
  CHECK(run_at(*program, Eigen::Vector2d(1.0, 1.0)).value == 3.0);
}

TEST_CASE("compiled tape: refuses what it cannot compile") {
  {  // A value of more than kMaxElements elements.
    Tape tape;
    const Var q = tape.leaf(Array::zeros(Shape{CompiledTape::kMaxElements + 1}));
    CHECK_FALSE(CompiledTape::compile(tape, q, sum(exp(q))).has_value());
    Tape small;
    const Var r = small.leaf(Array::zeros(Shape{CompiledTape::kMaxElements}));
    CHECK(CompiledTape::compile(small, r, sum(exp(r))).has_value());
  }
  {  // A broadcast to more than kMaxElements elements.
    Tape tape;
    const Var q = tape.leaf(Array::vector({0.1, 1.0}));
    const Var wide = tape.constant(Array::zeros(Shape{CompiledTape::kMaxElements / 2 + 1, 1}));
    CHECK_FALSE(CompiledTape::compile(tape, q, sum(wide * q)).has_value());
  }
  {  // An operation without a scalar form.
    Tape tape;
    const Var q = tape.leaf(Array::vector({0.1, 1.0}));
    CHECK_FALSE(CompiledTape::compile(tape, q, pow(index(q, 0), index(q, 1))).has_value());
  }
  {  // A choice made from a value that varies: the tape is not replayable.
    Tape tape;
    const Var q = tape.leaf(Array::vector({0.1, 1.0}));
    const Var x = tape.read_as_constant(index(q, 0));
    CHECK_FALSE(CompiledTape::compile(tape, q, exp(x)).has_value());
  }
  {  // A constant of more than kMaxElements elements as an operand.
    Tape tape;
    const Var q = tape.leaf(Array::vector({0.1, 1.0}));
    // (exp keeps the product on the tape: sum(k * c) alone would be k * sum(c),
    // computed once from the constant.)
    const Var out = sum(
        exp(index(q, 0) * tape.constant(Array::zeros(Shape{CompiledTape::kMaxElements + 1}))));
    CHECK_FALSE(CompiledTape::compile(tape, q, out).has_value());
  }
}


TEST_CASE("compiled tape: a recurrence may hold a few nodes over kMaxElements values") {
  // A whole-sequence value of 300 (a guide's draw for every step of two
  // particles), then 150 steps of two values each, read as rows of it: the
  // nodes hold few values on average.
  const auto record = [](Tape& tape, Var q) {
    const Var scale = tape.constant(Array::full(Shape{300}, 0.01));
    const Var path = reshape(q * scale, Shape{150, 2});
    Var x = tape.constant(Array::zeros(Shape{2})), total = tape.constant(0.0);
    for (int64_t t = 0; t < 150; ++t) {
      x = 0.9 * x + index(path, t);
      total = total + sum(square(x));
    }
    return total;
  };
  Eigen::VectorXd q(300);
  for (int i = 0; i < 300; ++i) q[i] = std::sin(0.1 * i);
  check_compiled(record, Array::full(Shape{300}, 0.5), q, 37);
  // The same large node with only a sum after it: too much arithmetic per node.
  Tape few;
  const Var r = few.leaf(Array::full(Shape{300}, 0.5));
  CHECK_FALSE(CompiledTape::compile(few, r, sum(exp(r) * r)).has_value());
}

TEST_CASE("compiled tape: parts joined along the leading axis") {
  // The carry of a scan run in one pass, [init, x_0, ..., x_{T-2}], with a
  // constant part, and a stack of rows.
  const auto record = [](Tape& tape, Var q) {
    const SliceRange previous[] = {{1, 5}}, rows[] = {{0, 4}};
    const Var init = reshape(2.0 * index(q, 0), Shape{1});
    const Var carried = concat({init, slice(q, previous), tape.constant(Array::vector({0.5}))});
    const Var weights = tape.constant(Array::vector({1.3, -0.2, 0.7, 0.4, -1.1, 0.9}));
    const Var path = square(slice(q, rows));
    const Var stacked = stack({path, 0.5 * path, exp(path)});
    const Var stack_weights =
        tape.constant(Array(Shape{3, 4}, Eigen::ArrayXd::LinSpaced(12, -1.0, 1.2)));
    return sum(square(carried) * weights) + sum(stacked * stack_weights);
  };
  check_compiled(record, Array::vector({0.2, 0.4, -0.3, 0.6, 0.1}),
                 (Eigen::VectorXd(5) << 0.3, -0.5, 0.25, 0.8, -0.7).finished());
  // The scan's leading axis of an operand of rank 2: its rows, one after the other.
  Tape tape;
  const Var q = tape.leaf(Array::vector({0.2, 0.4}));
  const Var row = reshape(q, Shape{1, 2});
  const Var rows = concat({row, 3.0 * row});
  const Var weights = tape.constant(Array(Shape{2, 2}, Eigen::ArrayXd::LinSpaced(4, 1.0, 4.0)));
  auto program = CompiledTape::compile(tape, q, sum(rows * weights));
  REQUIRE(program.has_value());
  const Outcome at = run_at(*program, Eigen::Vector2d(1.0, 2.0));
  REQUIRE(at.ran);
  // 1 * 1 + 2 * 2 + 3 * 3 + 4 * 6, and the gradient (1 + 9, 2 + 12).
  CHECK(at.value == 38.0);
  CHECK(at.gradient[0] == 10.0);
  CHECK(at.gradient[1] == 14.0);
}

TEST_CASE("compiled tape: operands that broadcast are copied to the operation's shape") {
  // [2, 1] with [2] (a column against a row, as a particle dim against a
  // plate), a constant [2] against [2, 2], and a sum of a broadcast product.
  const auto record = [](Tape& tape, Var q) {
    const SliceRange head[] = {{0, 2}}, tail[] = {{1, 3}};
    const Var column = reshape(slice(q, head), Shape{2, 1});
    const Var row = slice(q, tail);
    const Var weights = tape.constant(Array(Shape{2, 2}, {1.7, -0.4, 0.9, 0.3}));
    const Var offsets = tape.constant(Array::vector({0.25, -0.5}));
    return sum(column * row * weights) + sum(exp(column) + offsets) + sum(column * index(q, 2));
  };
  check_compiled(record, Array::vector({0.1, 1.0, 0.4}),
                 (Eigen::VectorXd(3) << 0.7, -0.3, 1.2).finished());
}

TEST_CASE("compiled tape: several leaves read as one vector, and slices of a computed value") {
  Tape tape;
  Var a = tape.leaf(Array::vector({0.3, 0.7}));
  Var b = tape.leaf(Array::vector({0.5, 0.2, 0.9}));
  Var c = tape.leaf(0.4);
  Var s = exp(b) * c;
  Var out = sum(a * a) * index(s, 2) + index(s, 0) * c - log(index(b, 1));
  const std::vector<Var> leaves{a, b, c};
  auto program = CompiledTape::compile(tape, leaves, out);
  REQUIRE(program);
  CHECK(program->leaf_size() == 6);

  // New values for the three leaves, one vector in their order.
  Eigen::VectorXd q(6);
  q << 0.8, -0.1, 0.25, 0.6, 0.35, 1.3;
  double value = 0;
  Eigen::VectorXd gradient;
  REQUIRE(program->run(q, value, gradient));
  tape.leaf_values(a) = q.segment(0, 2).array();
  tape.leaf_values(b) = q.segment(2, 3).array();
  tape.leaf_values(c) = q.segment(5, 1).array();
  tape.replay(out);
  CHECK(value == doctest::Approx(out.item()).epsilon(1e-14));
  // By hand: out = (a0^2 + a1^2) c exp(b2) + c^2 exp(b0) - log(b1).
  const double expected = (0.64 + 0.01) * 1.3 * std::exp(0.35) + 1.69 * std::exp(0.25) - std::log(0.6);
  CHECK(value == doctest::Approx(expected).epsilon(1e-14));
  const std::vector<Array> tape_gradient = tape.gradient(out, {a, b, c});
  Eigen::VectorXd expected_gradient(6);
  expected_gradient << tape_gradient[0].values(), tape_gradient[1].values(), tape_gradient[2].values();
  REQUIRE(gradient.size() == 6);
  for (int i = 0; i < 6; ++i) CHECK(gradient[i] == doctest::Approx(expected_gradient[i]).epsilon(1e-13));
  CHECK(gradient[3] == doctest::Approx(-1.0 / 0.6).epsilon(1e-14));

  // A leaf the output needs but the list leaves out: no program.
  const std::vector<Var> missing{a, b};
  CHECK_FALSE(CompiledTape::compile(tape, missing, out));
}
