// Deferred values (Tape::defer): a large elementwise value is computed when
// first read, from its operands' values at that time; a chain of them in
// recording order; every elementwise operation, deferred at 1100 elements,
// against the same operation on one element at a time (values and
// gradients, recorded and replayed); a density written as array operations
// and summed writes none of its elementwise values, at recording, backward
// or replay.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "ad/ops.h"
#include "gradient_check.h"

using namespace ppl;
using namespace ppl::ad;
using testing::random_array;

namespace {

constexpr int64_t kLarge = 1100;
static_assert(kLarge >= kDeferredMinElements);

bool is_deferred(Var v) { return v.tape().node(v.index()).deferred; }

struct UnaryCase {
  std::string name;
  std::function<Var(Var)> f;
  double low, high;
};

struct BinaryCase {
  std::string name;
  std::function<Var(Var, Var)> f;
  double low, high;
};

// f's value and derivative at x, recorded on a tape of one element.
std::pair<double, double> one_element(const std::function<Var(Var)>& f, double x) {
  Tape tape;
  const Var leaf = tape.leaf(x);
  const Var y = f(leaf);
  return {y.item(), tape.gradient(y, {leaf})[0].item()};
}

// sum(w * f(x)) over kLarge elements: each element's value and partial
// against one_element's, recorded and after replay at new values.
void check_against_one_element(const std::string& name, const std::function<Var(Var)>& f,
                               double low, double high) {
  INFO(name);
  Array x = random_array({kLarge}, low, high, 5);
  const Array w = random_array({kLarge}, 0.5, 1.5, 6);
  Tape tape;
  const Var leaf = tape.leaf(x);
  const Var y = f(leaf);
  const Var out = sum(y * tape.constant(w));
  for (int round = 0; round < 2; ++round) {
    const Array gradient = tape.gradient(out, {leaf})[0];
    double expected_total = 0;
    for (int64_t i = 0; i < kLarge; ++i) {
      const auto [value, derivative] = one_element(f, x.values()[i]);
      expected_total += w.values()[i] * value;
      INFO("round ", round, " element ", i);
      CHECK(y.value().values()[i] == doctest::Approx(value).epsilon(1e-14));
      CHECK(gradient.values()[i] ==
            doctest::Approx(w.values()[i] * derivative).epsilon(1e-13));
    }
    CHECK(out.item() == doctest::Approx(expected_total).epsilon(1e-12));
    x = random_array({kLarge}, low, high, 7);
    tape.leaf_values(leaf) = x.values();
    tape.replay(out);
  }
}

// sum(w * f(a, b)) for operands of kLarge elements or one: each element's
// value, and each operand's gradient, against f recorded on one element of
// each; a one-element operand's gradient is the sum over elements.
void check_binary_against_one_element(const BinaryCase& c, int64_t a_size, int64_t b_size) {
  INFO(c.name, " on sizes ", a_size, " and ", b_size);
  const Array a = random_array({a_size}, c.low, c.high, 11);
  const Array b = random_array({b_size}, c.low, c.high, 12);
  const Array w = random_array({kLarge}, 0.5, 1.5, 13);
  Tape tape;
  const Var a_leaf = tape.leaf(a);
  const Var b_leaf = tape.leaf(b);
  const Var y = c.f(a_leaf, b_leaf);
  CHECK(is_deferred(y));
  const Var out = sum(y * tape.constant(w));
  const auto gradient = tape.gradient(out, {a_leaf, b_leaf});
  Eigen::ArrayXd expected_a = Eigen::ArrayXd::Zero(a_size);
  Eigen::ArrayXd expected_b = Eigen::ArrayXd::Zero(b_size);
  for (int64_t i = 0; i < kLarge; ++i) {
    const int64_t ia = a_size == 1 ? 0 : i;
    const int64_t ib = b_size == 1 ? 0 : i;
    Tape one;
    const Var a_i = one.leaf(a.values()[ia]);
    const Var b_i = one.leaf(b.values()[ib]);
    const Var y_i = c.f(a_i, b_i);
    const auto partials = one.gradient(y_i, {a_i, b_i});
    INFO("element ", i);
    CHECK(y.value().values()[i] == doctest::Approx(y_i.item()).epsilon(1e-14));
    expected_a[ia] += w.values()[i] * partials[0].item();
    expected_b[ib] += w.values()[i] * partials[1].item();
  }
  CHECK((gradient[0].values() - expected_a).abs().maxCoeff() <=
        1e-12 * (1 + expected_a.abs().maxCoeff()));
  CHECK((gradient[1].values() - expected_b).abs().maxCoeff() <=
        1e-12 * (1 + expected_b.abs().maxCoeff()));
}

}  // namespace

TEST_CASE("a large elementwise value is computed when first read, from its operands then") {
  const Array x = random_array({2000}, -1, 1, 1);
  Tape tape;
  const Var leaf = tape.leaf(x);
  const Var y = exp(leaf);
  CHECK(is_deferred(y));
  CHECK(y.shape() == Shape{2000});  // the shape is known without computing
  CHECK(is_deferred(y));
  tape.leaf_values(leaf) *= 2.0;  // read later, it is computed from the operand's values then
  CHECK((y.value().values() - (2.0 * x.values()).exp()).abs().maxCoeff() == 0.0);
  CHECK_FALSE(is_deferred(y));

  // Small values are computed at once.
  const Var small = exp(tape.leaf(random_array({kDeferredMinElements - 1}, 0, 1, 2)));
  CHECK_FALSE(is_deferred(small));
}

TEST_CASE("a chain of deferred values is computed in recording order when its end is read") {
  const Array x = random_array({3000}, -1, 1, 3);
  Tape tape;
  const Var data = tape.constant(x);
  const Var mu = tape.leaf(0.3);
  std::vector<Var> chain{data - mu};
  for (int k = 0; k < 200; ++k) chain.push_back(0.999 * chain.back() + 0.001);
  const Var end = tanh(chain.back());
  for (const Var& v : chain) CHECK(is_deferred(v));
  Eigen::ArrayXd expected = x.values() - 0.3;
  for (int k = 0; k < 200; ++k) expected = 0.999 * expected + 0.001;
  CHECK((end.value().values() - expected.tanh()).abs().maxCoeff() <= 1e-15);
  for (const Var& v : chain) CHECK_FALSE(is_deferred(v));
}

TEST_CASE("each elementwise operation, deferred, equals its one-element form") {
  const std::vector<UnaryCase> unary = {
      {"negate", [](Var a) { return -a; }, -2, 2},
      {"exp", [](Var a) { return exp(a); }, -2, 2},
      {"log", [](Var a) { return log(a); }, 0.1, 3},
      {"log1p", [](Var a) { return log1p(a); }, -0.5, 3},
      {"expm1", [](Var a) { return expm1(a); }, -2, 2},
      {"sqrt", [](Var a) { return sqrt(a); }, 0.1, 3},
      {"abs", [](Var a) { return abs(a); }, -2, 2},
      {"square", [](Var a) { return square(a); }, -2, 2},
      {"sin", [](Var a) { return sin(a); }, -2, 2},
      {"cos", [](Var a) { return cos(a); }, -2, 2},
      {"tanh", [](Var a) { return tanh(a); }, -2, 2},
      {"sigmoid", [](Var a) { return sigmoid(a); }, -4, 4},
      {"softplus", [](Var a) { return softplus(a); }, -4, 4},
      {"log_sigmoid", [](Var a) { return log_sigmoid(a); }, -4, 4},
      {"relu", [](Var a) { return relu(a); }, -2, 2},
      {"lgamma", [](Var a) { return lgamma(a); }, 0.2, 5},
      {"digamma", [](Var a) { return digamma(a); }, 0.2, 5},
      {"erf", [](Var a) { return erf(a); }, -2, 2},
      {"erfc", [](Var a) { return erfc(a); }, -2, 2},
      {"ndtr", [](Var a) { return ndtr(a); }, -3, 3},
      {"log_ndtr", [](Var a) { return log_ndtr(a); }, -6, 3},
      {"ndtri", [](Var a) { return ndtri(a); }, 0.05, 0.95},
      {"log1mexp", [](Var a) { return log1mexp(a); }, -3, -0.1},
      {"tan", [](Var a) { return tan(a); }, -1.2, 1.2},
      {"arcsin", [](Var a) { return arcsin(a); }, -0.9, 0.9},
      {"arccos", [](Var a) { return arccos(a); }, -0.9, 0.9},
      {"arctan", [](Var a) { return arctan(a); }, -2, 2},
      {"sinh", [](Var a) { return sinh(a); }, -2, 2},
      {"cosh", [](Var a) { return cosh(a); }, -2, 2},
      {"arcsinh", [](Var a) { return arcsinh(a); }, -2, 2},
      {"arctanh", [](Var a) { return arctanh(a); }, -0.9, 0.9},
  };
  for (const UnaryCase& c : unary) check_against_one_element(c.name, c.f, c.low, c.high);

  // Binary operations with both operands of kLarge elements, and with either
  // of one element.
  const std::vector<BinaryCase> binary = {
      {"add", [](Var a, Var b) { return a + b; }, -2, 2},
      {"subtract", [](Var a, Var b) { return a - b; }, -2, 2},
      {"multiply", [](Var a, Var b) { return a * b; }, -2, 2},
      {"divide", [](Var a, Var b) { return a / b; }, 0.5, 2},
      {"pow", [](Var a, Var b) { return pow(a, b); }, 0.5, 2},
      {"arctan2", [](Var a, Var b) { return arctan2(a, b); }, 0.5, 2},
      {"logaddexp", [](Var a, Var b) { return logaddexp(a, b); }, -2, 2},
  };
  for (const BinaryCase& c : binary)
    for (const auto& [a_size, b_size] : {std::pair{kLarge, kLarge}, {kLarge, 1L}, {1L, kLarge}})
      check_binary_against_one_element(c, a_size, b_size);
}

TEST_CASE("a density written as array operations and summed writes no elementwise value") {
  const Array x = random_array({5000}, -2, 5, 9);
  Tape tape;
  const Var data = tape.constant(x);
  const Var mu = tape.leaf(0.4);
  const Var sigma = tape.leaf(1.9);
  const Var total = sum(-0.5 * square((data - mu) / sigma) - log(sigma) - 0.9189385332046727);
  const auto large_computed = [&] {
    int computed = 0;
    for (int32_t i = 0; i < tape.size(); ++i)
      if (i != data.index() && tape.shape_of(i).numel() == 5000 && !tape.node(i).deferred)
        ++computed;
    return computed;
  };
  int large = 0;
  for (int32_t i = 0; i < tape.size(); ++i) large += tape.shape_of(i).numel() == 5000 ? 1 : 0;
  CHECK(large >= 6);  // data, deviation, quotient, square, product, two differences
  CHECK(large_computed() == 0);
  const auto gradient = tape.gradient(total, {mu, sigma});
  CHECK(large_computed() == 0);
  tape.leaf_values(mu)[0] = 1.0;
  tape.replay(total);
  CHECK(large_computed() == 0);

  // The closed form at the replayed point.
  const Eigen::ArrayXd z = (x.values() - 1.0) / 1.9;
  CHECK(total.item() == doctest::Approx(-0.5 * z.square().sum() -
                                        5000 * (std::log(1.9) + 0.9189385332046727))
                            .epsilon(1e-13));
}

TEST_CASE("a deferred value read after replay is the replayed point's") {
  const Array x = random_array({4000}, -1, 1, 10);
  Tape tape;
  const Var data = tape.constant(x);
  const Var mu = tape.leaf(2.0);
  const Var scaled = data * mu;
  const Var total = sum(scaled);  // mu * sum(x): scaled is never read
  CHECK(total.item() == doctest::Approx(2.0 * x.values().sum()).epsilon(1e-13));
  tape.leaf_values(mu)[0] = -3.0;
  tape.replay(total);
  CHECK(is_deferred(scaled));
  CHECK((scaled.value().values() - (-3.0 * x.values())).abs().maxCoeff() == 0.0);
}
