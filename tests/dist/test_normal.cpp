// Normal: log density against scipy/mpmath references, gradients against
// finite differences, log_prob_sum against the summed log_prob, the support,
// reparameterized draws with a Kolmogorov-Smirnov test, argument checks.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <numbers>

#include "../ad/gradient_check.h"
#include "ad/ops.h"
#include "continuous_checks.h"
#include "dist/normal.h"
#include "reference_table.h"

using namespace ppl;

namespace {

// Normal(loc, scale) as a family of continuous_checks.h: loc as is, scale = exp(raw), any real value.
const test::Family normal_family{"Normal",
                                 [](std::span<const ad::Var> p) -> dist::DistributionPtr {
                                   return std::make_shared<dist::Normal>(p[0], p[1]);
                                 },
                                 [](std::span<const ad::Var> raw) -> test::Vars {
                                   return {raw[0], ad::exp(raw[1])};
                                 },
                                 [](ad::Var raw, std::span<const ad::Var>) { return 3.0 * raw; }};

}  // namespace

TEST_CASE("Normal log_prob matches the reference values") {
  auto references = test::reference_values("Normal");
  REQUIRE(references.size() >= 3);
  for (const auto& r : references) {
    CAPTURE(r.source);
    ad::Tape tape;
    dist::Normal normal(tape.constant(r.parameters[0]), tape.constant(r.parameters[1]));
    double lp = normal.log_prob(tape.constant(r.value[0])).item();
    CHECK(lp == doctest::Approx(r.log_prob).epsilon(1e-12));
  }
}

TEST_CASE("Normal log_prob gradients in value, loc and scale, with broadcasting") {
  using ad::testing::check_gradient;
  using ad::testing::random_array;
  auto normal_lp = [](std::span<const ad::Var> in) {
    return dist::Normal(in[1], ad::exp(in[2])).log_prob(in[0]);
  };
  check_gradient(normal_lp, {random_array({4, 3}), random_array({3}), random_array({4, 1})});
  check_gradient(normal_lp, {random_array({5}), random_array({}), random_array({})});
}

TEST_CASE("Normal draws are reparameterized and have the right moments") {
  ad::Tape tape;
  ad::Var loc = tape.leaf(2.0), scale = tape.leaf(3.0);
  dist::Normal normal(loc, scale);
  ad::Var draws = normal.sample(RandomKey(5), Shape{100000});
  const Eigen::ArrayXd& x = draws.value().values();
  double mean = x.mean();
  double sd = std::sqrt((x - mean).square().mean());
  // Standard errors: 3 / sqrt(n) for the mean, about 3 / sqrt(2n) for the sd.
  CHECK(std::abs(mean - 2.0) < 5 * 3.0 / std::sqrt(1e5));
  CHECK(std::abs(sd - 3.0) < 5 * 3.0 / std::sqrt(2e5));
  auto gradient = tape.gradient(ad::sum(draws), {loc, scale});
  CHECK(gradient[0].item() == doctest::Approx(1e5));
  CHECK(gradient[1].item() == doctest::Approx(((x - 2.0) / 3.0).sum()));
}

TEST_CASE("Normal refuses a non-positive scale, naming it") {
  ad::Tape tape;
  CHECK_THROWS_WITH(dist::Normal(tape.constant(0.0), tape.constant(Array::vector({1.0, -2.0}))),
                    "Normal: scale must be positive, got -2 at element 1");
}

TEST_CASE("location families refuse a location that is not finite, naming it") {
  ad::Tape tape;
  const double inf = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH(dist::Normal(tape.constant(inf), tape.constant(1.0)),
                    "Normal: loc must be finite, got inf");
  CHECK_THROWS_WITH(dist::Normal(tape.constant(Array::vector({0.0, std::nan("")})), tape.constant(1.0)),
                    "Normal: loc must be finite, got nan at element 1");
}

TEST_CASE("Normal moments broadcast to the batch shape") {
  ad::Tape tape;
  dist::Normal normal(tape.constant(Array::vector({1.0, 2.0})), tape.constant(3.0));
  CHECK(normal.batch_shape() == Shape{2});
  CHECK(normal.mean()->value().values()[1] == 2.0);
  CHECK(normal.variance()->value().values()[0] == 9.0);
}

TEST_CASE("Normal log_prob and log_prob_sum match the reference values to 1e-10 relative") {
  test::check_reference_values(normal_family);
}

TEST_CASE("Normal log_prob_sum equals sum(log_prob), in value and in every gradient") {
  using ad::testing::random_array;
  // Broadcasting loc [3] against scale [2, 1] and a value [2, 3].
  test::check_sum_matches(normal_family, {random_array({3}, -1, 1, 30), random_array({2, 1}, -1, 1, 31)},
                          random_array({2, 3}, -1, 1, 40));
  // Scalar parameters over a vector of values: the fused path's one-element operands.
  test::check_sum_matches(normal_family, {random_array({}, -1, 1, 32), random_array({}, -1, 1, 33)},
                          random_array({7}, -1, 1, 41));
  test::check_log_prob_gradients(normal_family, 2);
}

TEST_CASE("Normal support: the real line; log_prob finite on it and -inf at the infinities") {
  ad::Tape tape;
  dist::Normal normal(tape.constant(1.0), tape.constant(2.0));
  CHECK(normal.support().kind == dist::ConstraintKind::Real);
  CHECK(normal.support().to_string() == "real");
  const Array draws = normal.sample(RandomKey(6), Shape{1000}).value();
  CHECK(normal.support().check(draws).values().minCoeff() == 1.0);
  // Far out the density underflows in exp, not in log: -0.5 ((x - 1) / 2)^2 - log 2 - log sqrt(2 pi).
  for (double x : {-1e100, 1e100}) {
    CAPTURE(x);
    const double expected = -0.5 * std::pow((x - 1.0) / 2.0, 2) - std::log(2.0) - 0.5 * std::log(2 * std::numbers::pi);
    CHECK(normal.log_prob(tape.constant(x)).item() == doctest::Approx(expected).epsilon(1e-14));
  }
  test::check_outside_support(normal, tape, {INFINITY, -INFINITY});
}

TEST_CASE("Normal draws pass a Kolmogorov-Smirnov test against the exact CDF") {
  ad::Tape tape;
  dist::Normal normal(tape.constant(-0.7), tape.constant(2.5));
  // Phi((x - loc) / scale) = erfc(-(x - loc) / (scale sqrt 2)) / 2.
  test::check_kolmogorov_smirnov(normal.sample(RandomKey(12), Shape{100000}).value(), [](double x) {
    return 0.5 * std::erfc(-(x + 0.7) / (2.5 * std::numbers::sqrt2));
  });
  test::check_sample_moments(normal_family, {-0.7, 2.5}, 13);
}
