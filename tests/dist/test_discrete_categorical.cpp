// Categorical, OrderedLogistic and Multinomial: log mass against the references, gradients
// against finite differences, a chi-square goodness of fit for the
// categorical sampler, multinomial moments, argument checks, -inf off the
// support.
#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <limits>

#include "../ad/gradient_check.h"
#include "ad/ops.h"
#include "dist/categorical.h"
#include "core/array_math.h"
#include "dist/multinomial.h"
#include "dist/ordered_logistic.h"
#include "reference_table.h"

using namespace ppl;
using ad::testing::check_gradient;
using ad::testing::random_array;
using dist::ProbsOrLogits;

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}

TEST_CASE("Categorical log_prob matches the reference values; logits agree with probs") {
  auto references = test::reference_values("Categorical");
  REQUIRE(references.size() >= 3);
  for (const auto& r : references) {
    CAPTURE(r.source);
    ad::Tape tape;
    const int64_t k = static_cast<int64_t>(r.parameters.size());
    Array probs(Shape{k}, Eigen::Map<const Eigen::ArrayXd>(r.parameters.data(), k));
    dist::Categorical by_probs(tape.constant(probs), ProbsOrLogits::Probs);
    const double by_probs_lp = by_probs.log_prob(tape.constant(r.value[0])).item();
    CHECK(std::abs(by_probs_lp - r.log_prob) <= test::reference_tolerance(r.log_prob));
    // Unnormalized logits: log probs shifted by a constant.
    dist::Categorical by_logits(tape.constant(ppl::log(probs) + 3.0), ProbsOrLogits::Logits);
    const double by_logits_lp = by_logits.log_prob(tape.constant(r.value[0])).item();
    CHECK(std::abs(by_logits_lp - r.log_prob) <= test::reference_tolerance(r.log_prob));
  }
}

TEST_CASE("Categorical shapes: batch from the parameter without its last axis") {
  ad::Tape tape;
  Array probs(Shape{2, 3}, {0.2, 0.3, 0.5, 0.6, 0.3, 0.1});
  dist::Categorical c(tape.constant(probs), ProbsOrLogits::Probs);
  CHECK(c.batch_shape() == Shape{2});
  CHECK(c.event_shape() == Shape{});
  CHECK(c.support().to_string() == "integer_interval(0, 2)");
  ad::Var lp = c.log_prob(tape.constant(Array(Shape{2, 2}, {0, 0, 2, 1})));
  REQUIRE(lp.shape() == Shape{2, 2});
  CHECK(lp.value().at({0, 0}) == doctest::Approx(std::log(0.2)));
  CHECK(lp.value().at({0, 1}) == doctest::Approx(std::log(0.6)));
  CHECK(lp.value().at({1, 0}) == doctest::Approx(std::log(0.5)));
  CHECK(lp.value().at({1, 1}) == doctest::Approx(std::log(0.3)));
  // A scalar value broadcasts against the batch.
  CHECK(c.log_prob(tape.constant(1.0)).shape() == Shape{2});
}

TEST_CASE("Categorical gradients in logits and in probs, with a batch") {
  const Array x(Shape{4, 2}, {0, 2, 1, 1, 2, 0, 2, 2});
  check_gradient(
      [&](std::span<const ad::Var> in) {
        return dist::Categorical(in[0], ProbsOrLogits::Logits).log_prob(in[0].tape().constant(x));
      },
      {random_array({2, 3}, -2, 2)});
  check_gradient(
      [&](std::span<const ad::Var> in) {
        return dist::Categorical(ad::softmax(in[0], -1), ProbsOrLogits::Probs).log_prob(in[0].tape().constant(x));
      },
      {random_array({2, 3}, -2, 2)});
  check_gradient(
      [&](std::span<const ad::Var> in) {
        return dist::Categorical(in[0], ProbsOrLogits::Logits).log_prob_sum(in[0].tape().constant(x));
      },
      {random_array({3}, -2, 2)});
}

TEST_CASE("Categorical draws pass a chi-square goodness of fit") {
  ad::Tape tape;
  const Eigen::ArrayXd probs = (Eigen::ArrayXd(4) << 0.1, 0.2, 0.3, 0.4).finished();
  for (ProbsOrLogits kind : {ProbsOrLogits::Probs, ProbsOrLogits::Logits}) {
    Array parameter(Shape{4}, kind == ProbsOrLogits::Probs ? Eigen::ArrayXd(probs) : Eigen::ArrayXd(probs.log() - 1.0));
    dist::Categorical c(tape.constant(parameter), kind);
    const int n = 100000;
    const Eigen::ArrayXd x = c.sample(RandomKey(21), Shape{n}).value().values();
    Eigen::ArrayXd counts = Eigen::ArrayXd::Zero(4);
    bool categories = true;
    for (double v : x) {
      categories = categories && v >= 0 && v <= 3 && v == std::floor(v);
      if (categories) counts[static_cast<int>(v)] += 1;
    }
    REQUIRE(categories);
    const Eigen::ArrayXd expected = n * probs;
    const double chi_square = ((counts - expected).square() / expected).sum();
    CAPTURE(chi_square);
    CHECK(chi_square < 30.66);  // chi-square(3 df) upper 1e-6 quantile (scipy.stats.chi2.isf(1e-6, 3))
  }
  // A batch: each column from its own row of probabilities.
  dist::Categorical batch(tape.constant(Array(Shape{2, 2}, {1.0, 0.0, 0.25, 0.75})), ProbsOrLogits::Probs);
  const Array draws = batch.sample(RandomKey(22), Shape{20000, 2}).value();
  double zeros = 0, ones = 0;
  for (int64_t i = 0; i < 20000; ++i) {
    zeros += draws.at({i, 0});
    ones += draws.at({i, 1});
  }
  CHECK(zeros == 0.0);
  CHECK(std::abs(ones / 20000 - 0.75) < 5 * std::sqrt(0.75 * 0.25 / 20000));
}

TEST_CASE("Categorical support, sums and argument checks") {
  ad::Tape tape;
  dist::Categorical c(tape.constant(Array::vector({0.2, 0.3, 0.5})), ProbsOrLogits::Probs);
  const Eigen::ArrayXd lp = c.log_prob(tape.constant(Array::vector({-1, 0.5, 3, kInf, NAN}))).value().values();
  CHECK((lp == -kInf).all());
  ad::Var x = tape.constant(Array::vector({0, 2, 2, 1}));
  CHECK(c.log_prob_sum(x).item() == doctest::Approx(ad::sum(c.log_prob(x)).item()));
  CHECK_THROWS_WITH(dist::Categorical(tape.constant(Array::vector({0.5, 0.7})), ProbsOrLogits::Probs),
                    "Categorical: probs must sum to 1 along the last axis, got 1.2");
  CHECK_THROWS_WITH(dist::Categorical(tape.constant(Array::vector({-0.5, 1.5})), ProbsOrLogits::Probs),
                    "Categorical: probs must be non-negative, got -0.5 at element 0");
  CHECK_THROWS_WITH(dist::Categorical(tape.constant(1.0), ProbsOrLogits::Logits),
                    "Categorical: logits must have a last axis of at least one category, got shape []");
}

// ---- Multinomial -------------------------------------------------------------

TEST_CASE("Multinomial log_prob matches the reference values; logits agree with probs") {
  auto references = test::reference_values("Multinomial");
  REQUIRE(references.size() >= 3);
  for (const auto& r : references) {
    CAPTURE(r.source);
    ad::Tape tape;
    const int64_t k = static_cast<int64_t>(r.value.size());
    Array probs(Shape{k}, Eigen::Map<const Eigen::ArrayXd>(r.parameters.data() + 1, k));
    Array counts(Shape{k}, Eigen::Map<const Eigen::ArrayXd>(r.value.data(), k));
    dist::Multinomial by_probs(tape.constant(r.parameters[0]), tape.constant(probs), ProbsOrLogits::Probs);
    const double by_probs_lp = by_probs.log_prob(tape.constant(counts)).item();
    CHECK(std::abs(by_probs_lp - r.log_prob) <= test::reference_tolerance(r.log_prob));
    dist::Multinomial by_logits(tape.constant(r.parameters[0]), tape.constant(ppl::log(probs) - 2.0),
                                ProbsOrLogits::Logits);
    const double by_logits_lp = by_logits.log_prob(tape.constant(counts)).item();
    CHECK(std::abs(by_logits_lp - r.log_prob) <= test::reference_tolerance(r.log_prob));
  }
}

TEST_CASE("Multinomial gradients in probs and logits, with a batch") {
  const Array x(Shape{2, 2, 3}, {1, 2, 3, 0, 6, 0, 4, 1, 1, 2, 2, 2});
  check_gradient(
      [&](std::span<const ad::Var> in) {
        ad::Tape& t = in[0].tape();
        return dist::Multinomial(t.constant(6.0), in[0], ProbsOrLogits::Logits).log_prob(t.constant(x));
      },
      {random_array({2, 3}, -2, 2)});
  check_gradient(
      [&](std::span<const ad::Var> in) {
        ad::Tape& t = in[0].tape();
        return dist::Multinomial(t.constant(6.0), ad::softmax(in[0], -1), ProbsOrLogits::Probs)
            .log_prob(t.constant(x));
      },
      {random_array({3}, -2, 2)});
}

TEST_CASE("Multinomial draws: counts summing to total_count, with the right moments") {
  ad::Tape tape;
  const Eigen::ArrayXd probs = (Eigen::ArrayXd(3) << 0.2, 0.3, 0.5).finished();
  dist::Multinomial m(tape.constant(30.0), tape.constant(Array(Shape{3}, probs)), ProbsOrLogits::Probs);
  const int n = 100000;
  const Array draws = m.sample(RandomKey(31), Shape{n, 3}).value();
  Eigen::Map<const Eigen::Array<double, Eigen::Dynamic, 3, Eigen::RowMajor>> x(draws.data(), n, 3);
  CHECK((x.rowwise().sum() == 30.0).all());
  for (int c = 0; c < 3; ++c) {
    const double mean = 30 * probs[c], variance = 30 * probs[c] * (1 - probs[c]);
    const Eigen::ArrayXd column = x.col(c);
    const Eigen::ArrayXd centered = column - column.mean();
    const double sample_variance = centered.square().sum() / (n - 1);
    const double m4 = centered.square().square().mean();
    CAPTURE(c);
    CHECK(std::abs(column.mean() - mean) < 5 * std::sqrt(variance / n));
    CHECK(std::abs(sample_variance - variance) < 5 * std::sqrt((m4 - variance * variance) / n));
    CHECK(m.mean()->value().values()[c] == doctest::Approx(mean));
    CHECK(m.variance()->value().values()[c] == doctest::Approx(variance));
  }
}

TEST_CASE("Multinomial support, sums and argument checks") {
  ad::Tape tape;
  dist::Multinomial m(tape.constant(4.0), tape.constant(Array::vector({0.2, 0.3, 0.5})), ProbsOrLogits::Probs);
  CHECK(m.event_shape() == Shape{3});
  const Array outside(Shape{4, 3}, {1, 1, 1, -1, 2, 3, 0.5, 0.5, 3, 0, 0, 5});
  CHECK((m.log_prob(tape.constant(outside)).value().values() == -kInf).all());
  ad::Var x = tape.constant(Array(Shape{2, 3}, {1, 1, 2, 0, 0, 4}));
  CHECK(m.log_prob_sum(x).item() == doctest::Approx(ad::sum(m.log_prob(x)).item()));
  CHECK_THROWS_WITH(dist::Multinomial(tape.constant(-1.0), tape.constant(Array::vector({0.5, 0.5})),
                                      ProbsOrLogits::Probs),
                    "Multinomial: total_count must be a non-negative integer, got -1");
  CHECK_THROWS_WITH_AS(m.log_prob(tape.constant(Array::vector({1, 3}))),
                       "Multinomial: a value of shape [2] does not end with the event shape [3]",
                       dist::ArgumentError);
}

// ---- OrderedLogistic ---------------------------------------------------------

// log P(y = j) = log(sigmoid(c[j] - eta) - sigmoid(c[j-1] - eta)), mpmath at
// 40 digits, for cutpoints (-1, 0.3, 2) and three predictors, one far in a tail.
TEST_CASE("OrderedLogistic log_prob matches mpmath, tails included") {
  const struct {
    double predictor;
    std::array<double, 4> log_probs;
  } references[] = {
      {0.5, {-1.7014132779827524, -1.3177371300207495, -1.0012810430317895, -1.7014132779827524}},
      {40.0, {-41.0, -40.018184982656405, -38.201728895667445, -3.1391327920480296e-17}},
      {-3.0, {-0.1269280110429725, -2.481332252570037, -3.5446635030272226, -5.0067153484891181}},
  };
  for (const auto& r : references) {
    CAPTURE(r.predictor);
    ad::Tape tape;
    dist::OrderedLogistic d(tape.constant(r.predictor), tape.constant(Array::vector({-1.0, 0.3, 2.0})));
    const Array lp = d.log_prob(tape.constant(Array::vector({0, 1, 2, 3}))).value();
    for (int j = 0; j < 4; ++j) {
      CAPTURE(j);
      CHECK(lp.values()[j] == doctest::Approx(r.log_probs[j]).epsilon(1e-13));
    }
  }
}

TEST_CASE("OrderedLogistic gradients in predictor and cutpoints, with broadcasting") {
  const Array y(Shape{2, 3}, {0, 1, 3, 2, 2, 0});
  check_gradient(
      [&](std::span<const ad::Var> in) {
        // Increasing cutpoints from free numbers: c0, c0 + exp(d1), ...
        const ad::Var c = ad::cumsum(ad::concat({ad::reshape(in[1], Shape{1}), ad::exp(in[2])}), 0);
        return dist::OrderedLogistic(in[0], c).log_prob(in[0].tape().constant(y));
      },
      {random_array({3}, -2, 2, 51), random_array({}, -1, 0, 52), random_array({2}, -1, 1, 53)});
}

TEST_CASE("OrderedLogistic draws, shapes and argument checks") {
  ad::Tape tape;
  // Batch [2] from a predictor [2] and shared cutpoints.
  dist::OrderedLogistic d(tape.constant(Array::vector({-1.0, 2.0})), tape.constant(Array::vector({-0.5, 1.0})));
  CHECK(d.batch_shape() == Shape{2});
  CHECK(d.support().to_string() == "integer_interval(0, 2)");
  const Array x = d.sample(RandomKey(3), Shape{40000, 2}).value();
  // P(y = 0 | eta = -1) = sigmoid(0.5), P(y = 2 | eta = 2) = 1 - sigmoid(-1).
  double zeros = 0, twos = 0;
  for (int64_t i = 0; i < 40000; ++i) {
    zeros += x.values()[2 * i] == 0.0;
    twos += x.values()[2 * i + 1] == 2.0;
  }
  const double p0 = 1.0 / (1.0 + std::exp(-0.5)), p2 = 1.0 - 1.0 / (1.0 + std::exp(1.0));
  CHECK(std::abs(zeros / 40000 - p0) < 5 * std::sqrt(p0 * (1 - p0) / 40000));
  CHECK(std::abs(twos / 40000 - p2) < 5 * std::sqrt(p2 * (1 - p2) / 40000));
  CHECK(d.log_prob(tape.constant(3.0)).value().values()[0] == -kInf);
  CHECK_THROWS_WITH(dist::OrderedLogistic(tape.constant(0.0), tape.constant(Array::vector({1.0, 0.5}))),
                    doctest::Contains("OrderedLogistic: cutpoints must increase along their last axis"));
}
