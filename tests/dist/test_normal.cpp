// Normal: log density against scipy/mpmath references, gradients against
// finite differences, reparameterized draws, argument checks.
#include <doctest/doctest.h>

#include <cmath>

#include "../ad/gradient_check.h"
#include "ad/ops.h"
#include "dist/normal.h"
#include "reference_table.h"

using namespace ppl;

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

TEST_CASE("Normal moments broadcast to the batch shape") {
  ad::Tape tape;
  dist::Normal normal(tape.constant(Array::vector({1.0, 2.0})), tape.constant(3.0));
  CHECK(normal.batch_shape() == Shape{2});
  CHECK(normal.mean()->value().values()[1] == 2.0);
  CHECK(normal.variance()->value().values()[0] == 9.0);
}
