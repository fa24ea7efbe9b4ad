// A likelihood whose parameter is a linear predictor X @ b + a over a data
// matrix is one node over X, b and a (dist/linear_predictor_sum.h):
// Bernoulli by logits, Normal's mean and Poisson's log rate, each against
// its closed form and gradient at recording and on replay, with the
// predictor's N values not computed on replay; the distribution's argument
// check made by the node, against the plain path's; finite differences; the
// predictor read elsewhere too; and the plain path where the operands do
// not allow it.
#include <doctest/doctest.h>

#include <cmath>
#include <algorithm>
#include <limits>
#include <numbers>
#include <optional>
#include <random>
#include <vector>

#include "../ad/gradient_check.h"
#include "ad/ops.h"
#include "dist/bernoulli.h"
#include "dist/normal.h"
#include "dist/poisson.h"

using namespace ppl;
using ad::testing::random_array;

namespace {

constexpr int64_t kRows = 2900;  // more than ad::kDeferredMinElements, not a multiple of a block
constexpr int64_t kCols = 4;

// 0/1 outcomes and counts, reproducible.
Array outcomes(int64_t n, bool counts, unsigned seed) {
  std::mt19937_64 engine(seed);
  std::uniform_int_distribution<int> draw(0, counts ? 6 : 1);
  Eigen::ArrayXd values(n);
  for (double& v : values) v = draw(engine);
  return Array(Shape{n}, std::move(values));
}

// A likelihood's value and its derivative in each element of the predictor
// eta, from which d/db = X^T d_eta and d/da = sum(d_eta).
struct ClosedForm {
  double value;
  Eigen::ArrayXd d_eta;
  double d_scale = 0;
};

ClosedForm bernoulli_logits(const Eigen::ArrayXd& y, const Eigen::ArrayXd& eta) {
  const Eigen::ArrayXd softplus = eta.exp().log1p();
  return {(y * eta - softplus).sum(), y - 1.0 / (1.0 + (-eta).exp())};
}

ClosedForm normal_mean(const Eigen::ArrayXd& y, const Eigen::ArrayXd& eta, double sigma) {
  const Eigen::ArrayXd z = (y - eta) / sigma;
  const auto n = static_cast<double>(y.size());
  const double half_log_two_pi = 0.5 * std::log(2 * std::numbers::pi);
  return {-0.5 * z.square().sum() - n * (std::log(sigma) + half_log_two_pi), z / sigma,
          (z.square().sum() - n) / sigma};
}

ClosedForm poisson_log_rate(const Eigen::ArrayXd& y, const Eigen::ArrayXd& eta) {
  double log_factorials = 0;
  for (double count : y) log_factorials += std::lgamma(count + 1);
  return {(y * eta - eta.exp()).sum() - log_factorials, y - eta.exp()};
}

// X, b and a of a regression on one tape, and its predictor.
struct Regression {
  ad::Tape tape;
  Array x_data = random_array({kRows, kCols}, -1, 1, 3);
  ad::Var x, b, a, eta;

  explicit Regression(bool bias_per_row = false) {
    x = tape.constant(x_data);
    b = tape.leaf(random_array({kCols}, -0.7, 0.7, 4));
    a = bias_per_row ? tape.leaf(random_array({kRows}, -0.3, 0.3, 5)) : tape.leaf(0.2);
    eta = a + ad::matmul(x, b);
  }
  // X @ b + a from the leaves' current values, with Eigen.
  Eigen::ArrayXd predictor() const {
    const Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>
        matrix(x_data.data(), kRows, kCols);
    const Eigen::Map<const Eigen::VectorXd> weights(b.value().data(), kCols);
    Eigen::ArrayXd eta_values = (matrix * weights).array();
    if (a.value().size() == 1)
      eta_values += a.item();
    else
      eta_values += a.value().values();
    return eta_values;
  }
  // The closed form's gradient in b, X^T d_eta.
  Eigen::VectorXd weights_gradient(const Eigen::ArrayXd& d_eta) const {
    const Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>
        matrix(x_data.data(), kRows, kCols);
    return matrix.transpose() * d_eta.matrix();
  }
  // Value and gradients in b and a (and in `scale`, when given) of `total`
  // against `expected`.
  void check(ad::Var total, const ClosedForm& expected, std::optional<ad::Var> scale = {}) {
    CHECK(total.item() == doctest::Approx(expected.value).epsilon(1e-12));
    std::vector<ad::Var> wrt{b, a};
    if (scale) wrt.push_back(*scale);
    const auto gradient = tape.gradient(total, wrt);
    if (scale) CHECK(gradient[2].item() == doctest::Approx(expected.d_scale).epsilon(1e-11));
    const Eigen::VectorXd d_b = weights_gradient(expected.d_eta);
    for (int64_t j = 0; j < kCols; ++j)
      CHECK(gradient[0].values()[j] == doctest::Approx(d_b[j]).epsilon(1e-11));
    if (a.value().size() == 1) {
      CHECK(gradient[1].item() == doctest::Approx(expected.d_eta.sum()).epsilon(1e-11));
    } else {
      REQUIRE(gradient[1].size() == kRows);
      CHECK(((gradient[1].values() - expected.d_eta).abs().maxCoeff()) < 1e-13);
    }
  }
  // New values of b and a, then replay.
  void move_and_replay(ad::Var total) {
    tape.leaf_values(b) = random_array({kCols}, -0.5, 0.5, 14).values();
    tape.leaf_values(a) *= -1.5;
    tape.replay(total);
  }
  // Whether a replay of `total` computes v (its argument check included).
  bool replay_reads(ad::Var total, ad::Var v) const { return tape.live_nodes(total)[v.index()]; }
};

}  // namespace

TEST_CASE("Bernoulli by logits of a linear predictor: closed form, replay, predictor never written") {
  Regression r;
  const Array y = outcomes(kRows, false, 21);
  const ad::Var total = dist::Bernoulli(r.eta, dist::ProbsOrLogits::Logits)
                            .log_prob_sum(r.tape.constant(y));
  // The likelihood reads X, b and a, not the predictor.
  const auto operands = r.tape.operands_of(r.tape.node(total.index()));
  CHECK(std::find(operands.begin(), operands.end(), r.eta.index()) == operands.end());
  r.check(total, bernoulli_logits(y.values(), r.predictor()));
  r.move_and_replay(total);
  r.check(total, bernoulli_logits(y.values(), r.predictor()));
  // Not computed on replay; read now, the predictor is the replayed point's.
  CHECK_FALSE(r.replay_reads(total, r.eta));
  CHECK(r.tape.node(r.eta.index()).deferred);
  CHECK((r.eta.value().values() - r.predictor()).abs().maxCoeff() < 1e-14);
}

TEST_CASE("sum of a log_prob of a linear predictor takes the same node") {
  Regression r;
  const Array y = random_array({kRows}, -2, 2, 28);
  const ad::Var sigma = r.tape.leaf(0.9);
  const ad::Var log_prob = dist::Normal(r.eta, sigma).log_prob(r.tape.constant(y));
  const ad::Var total = ad::sum(log_prob);
  r.check(total, normal_mean(y.values(), r.predictor(), sigma.item()), sigma);
  r.move_and_replay(total);
  r.check(total, normal_mean(y.values(), r.predictor(), sigma.item()), sigma);
  CHECK_FALSE(r.replay_reads(total, r.eta));
  CHECK_FALSE(r.replay_reads(total, log_prob));
}

TEST_CASE("Normal with a linear predictor as its mean: closed form in b, a and the scale") {
  Regression r;
  const Array y = random_array({kRows}, -2, 2, 22);
  const ad::Var sigma = r.tape.leaf(1.3);
  const ad::Var total = dist::Normal(r.eta, sigma).log_prob_sum(r.tape.constant(y));
  for (int pass = 0; pass < 2; ++pass) {
    CAPTURE(pass);
    r.check(total, normal_mean(y.values(), r.predictor(), sigma.item()), sigma);
    r.tape.leaf_values(sigma)[0] = 0.8;
    r.move_and_replay(total);
  }
  CHECK_FALSE(r.replay_reads(total, r.eta));
}

TEST_CASE("Poisson with exp of a linear predictor as its rate: closed form, rate never written") {
  Regression r;
  const Array y = outcomes(kRows, true, 23);
  const ad::Var rate = ad::exp(r.eta);
  const ad::Var total = dist::Poisson(rate).log_prob_sum(r.tape.constant(y));
  r.check(total, poisson_log_rate(y.values(), r.predictor()));
  r.move_and_replay(total);
  r.check(total, poisson_log_rate(y.values(), r.predictor()));
  CHECK_FALSE(r.replay_reads(total, r.eta));
  CHECK_FALSE(r.replay_reads(total, rate));
}

TEST_CASE("a bias per row gets its partials row by row") {
  Regression r(/*bias_per_row=*/true);
  const Array y = outcomes(kRows, false, 24);
  const ad::Var total = dist::Bernoulli(r.eta, dist::ProbsOrLogits::Logits)
                            .log_prob_sum(r.tape.constant(y));
  r.check(total, bernoulli_logits(y.values(), r.predictor()));
  r.move_and_replay(total);
  r.check(total, bernoulli_logits(y.values(), r.predictor()));
  CHECK_FALSE(r.replay_reads(total, r.eta));
}

TEST_CASE("gathered rows of X and a gathered intercept per group: closed form") {
  // Bernoulli(logits = a[group] + X[rows] @ b): the gathers are the
  // predictor's matrix and bias.
  const Array x = random_array({400, kCols}, -1, 1, 41);
  std::vector<int64_t> rows(kRows), groups(kRows);
  for (int64_t i = 0; i < kRows; ++i) {
    rows[i] = (i * 37) % 400;
    groups[i] = i % 9;
  }
  ad::Tape tape;
  const ad::Var b = tape.leaf(random_array({kCols}, -0.7, 0.7, 42));
  const ad::Var a = tape.leaf(random_array({9}, -0.5, 0.5, 43));
  const ad::Var eta = ad::take(a, groups) + ad::matmul(ad::take(tape.constant(x), rows), b);
  const Array y = outcomes(kRows, false, 44);
  const ad::Var total =
      dist::Bernoulli(eta, dist::ProbsOrLogits::Logits).log_prob_sum(tape.constant(y));
  CHECK_FALSE(tape.live_nodes(total)[eta.index()]);
  Eigen::ArrayXd eta_values(kRows);
  for (int64_t i = 0; i < kRows; ++i) {
    eta_values[i] = a.value().values()[groups[i]];
    for (int64_t j = 0; j < kCols; ++j)
      eta_values[i] += x.values()[rows[i] * kCols + j] * b.value().values()[j];
  }
  const ClosedForm expected = bernoulli_logits(y.values(), eta_values);
  CHECK(total.item() == doctest::Approx(expected.value).epsilon(1e-12));
  const auto gradient = tape.gradient(total, std::vector<ad::Var>{b, a});
  Eigen::ArrayXd d_b = Eigen::ArrayXd::Zero(kCols), d_a = Eigen::ArrayXd::Zero(9);
  for (int64_t i = 0; i < kRows; ++i) {
    d_a[groups[i]] += expected.d_eta[i];
    for (int64_t j = 0; j < kCols; ++j) d_b[j] += x.values()[rows[i] * kCols + j] * expected.d_eta[i];
  }
  CHECK((gradient[0].values() - d_b).abs().maxCoeff() < 1e-10);
  CHECK((gradient[1].values() - d_a).abs().maxCoeff() < 1e-10);
}

TEST_CASE("a value off {0, 1} gives -inf through the predictor's node as well") {
  Regression r;
  Array y = outcomes(kRows, false, 25);
  y.mutable_values()[kRows - 3] = 0.5;
  const ad::Var total = dist::Bernoulli(r.eta, dist::ProbsOrLogits::Logits)
                            .log_prob_sum(r.tape.constant(y));
  CHECK(total.item() == -std::numeric_limits<double>::infinity());
}

TEST_CASE("the plain path where X needs a gradient, or the rows are few: the same numbers") {
  const Array y = outcomes(kRows, false, 26);
  Regression fused;
  const ad::Var fused_total = dist::Bernoulli(fused.eta, dist::ProbsOrLogits::Logits)
                                  .log_prob_sum(fused.tape.constant(y));
  REQUIRE_FALSE(fused.replay_reads(fused_total, fused.eta));
  // X as a leaf: the likelihood reads the predictor, which is computed.
  ad::Tape tape;
  const ad::Var x = tape.leaf(fused.x_data);
  const ad::Var b = tape.leaf(fused.b.value());
  const ad::Var a = tape.leaf(fused.a.value());
  const ad::Var eta = a + ad::matmul(x, b);
  const ad::Var total =
      dist::Bernoulli(eta, dist::ProbsOrLogits::Logits).log_prob_sum(tape.constant(y));
  CHECK(tape.live_nodes(total)[eta.index()]);
  CHECK(total.item() == doctest::Approx(fused_total.item()).epsilon(1e-13));
  const auto gradient = tape.gradient(total, std::vector<ad::Var>{b, a});
  const auto fused_gradient = fused.tape.gradient(fused_total, std::vector<ad::Var>{fused.b, fused.a});
  for (int64_t j = 0; j < kCols; ++j)
    CHECK(gradient[0].values()[j] == doctest::Approx(fused_gradient[0].values()[j]).epsilon(1e-11));
  CHECK(gradient[1].item() == doctest::Approx(fused_gradient[1].item()).epsilon(1e-11));

  // 1000 rows: no deferral and no fusion, and the closed form still holds.
  ad::Tape small;
  const Array x_small = random_array({1000, kCols}, -1, 1, 8);
  const ad::Var b_small = small.leaf(random_array({kCols}, -1, 1, 9));
  const ad::Var eta_small = ad::matmul(small.constant(x_small), b_small) + small.leaf(0.1);
  const Array y_small = outcomes(1000, false, 27);
  const ad::Var small_total = dist::Bernoulli(eta_small, dist::ProbsOrLogits::Logits)
                                  .log_prob_sum(small.constant(y_small));
  CHECK_FALSE(small.node(eta_small.index()).deferred);
  CHECK(small_total.item() ==
        doctest::Approx(bernoulli_logits(y_small.values(), eta_small.value().values()).value)
            .epsilon(1e-12));
}

TEST_CASE("the predictor's node against finite differences, alone and read elsewhere too") {
  const Array x = random_array({1100, 3}, -1, 1, 31);
  const Array y = outcomes(1100, false, 32);
  const Array counts = outcomes(1100, true, 33);
  ad::testing::check_gradient(
      [&](std::span<const ad::Var> in) {
        ad::Tape& tape = in[0].tape();
        const ad::Var eta = ad::matmul(tape.constant(x), in[0]) + in[1];
        return dist::Bernoulli(eta, dist::ProbsOrLogits::Logits).log_prob_sum(tape.constant(y)) +
               dist::Normal(eta, ad::exp(in[2])).log_prob_sum(tape.constant(y)) +
               dist::Poisson(ad::exp(eta)).log_prob_sum(tape.constant(counts)) +
               2.0 * ad::index(eta, 7);
      },
      {random_array({3}, -0.5, 0.5, 34), random_array({}, -0.3, 0.3, 35),
       random_array({}, -0.2, 0.2, 36)});
}

TEST_CASE("the node makes the distribution's argument check: a bad predictor fails the replay as on the plain path") {
  const Array y = outcomes(kRows, false, 51);
  const Array counts = outcomes(kRows, true, 52);
  // Each likelihood's total, fused (X data) or plain (X a leaf).
  const auto likelihood = [&](size_t k, ad::Var eta) {
    ad::Tape& tape = eta.tape();
    if (k == 0) return dist::Bernoulli(eta, dist::ProbsOrLogits::Logits).log_prob_sum(tape.constant(y));
    if (k == 1) return dist::Normal(eta, tape.constant(Array(1.0))).log_prob_sum(tape.constant(y));
    return dist::Poisson(ad::exp(eta)).log_prob_sum(tape.constant(counts));
  };
  // The bias at values that leave some distribution's domain: NaN (every
  // check), +inf and -inf (Normal's loc), -inf and -800 (Poisson's rate
  // exp(eta) is 0 in double precision, as NumPy's exp gives it).
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  int failures = 0;
  for (size_t k = 0; k < 3; ++k) {
    CAPTURE(k);
    Regression fused;
    const ad::Var fused_total = likelihood(k, fused.eta);
    ad::Tape tape;
    const ad::Var a = tape.leaf(fused.a.value());
    const ad::Var plain_total =
        likelihood(k, a + ad::matmul(tape.leaf(fused.x_data), tape.leaf(fused.b.value())));
    for (const double bias : {0.3, nan, inf, -inf, -800.0, 0.1}) {
      CAPTURE(bias);
      fused.tape.leaf_values(fused.a)[0] = bias;
      tape.leaf_values(a)[0] = bias;
      fused.tape.replay(fused_total);
      tape.replay(plain_total);
      CHECK_FALSE(fused.replay_reads(fused_total, fused.eta));
      CHECK(fused.tape.check_failed() == tape.check_failed());
      failures += tape.check_failed() ? 1 : 0;
    }
    CHECK_FALSE(fused.tape.check_failed());  // at 0.1 every check passes
  }
  CHECK(failures == 1 + 3 + 3);  // NaN; NaN and both infinities; NaN, -inf and -800
}

TEST_CASE("two distributions on one predictor: each one's node takes its own check") {
  Regression r;
  const Array y = random_array({kRows}, -2, 2, 53);
  const dist::Normal first(r.eta, r.tape.constant(Array(1.0)));
  const dist::Normal second(r.eta, r.tape.constant(Array(2.0)));
  const ad::Var second_total = second.log_prob_sum(r.tape.constant(y));
  const ad::Var first_total = first.log_prob_sum(r.tape.constant(y));
  // Only the first's total read: its node still makes the check.
  r.tape.leaf_values(r.a)[0] = std::numeric_limits<double>::infinity();
  r.tape.replay(first_total);
  CHECK(r.tape.check_failed());
  r.tape.leaf_values(r.a)[0] = 0.4;
  r.tape.replay(first_total);
  CHECK_FALSE(r.tape.check_failed());
  CHECK(first_total.item() ==
        doctest::Approx(normal_mean(y.values(), r.predictor(), 1.0).value).epsilon(1e-12));
  r.tape.replay(second_total);
  CHECK(second_total.item() ==
        doctest::Approx(normal_mean(y.values(), r.predictor(), 2.0).value).epsilon(1e-12));
}
