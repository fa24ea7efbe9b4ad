// GaussianRandomWalk: the log density as the sum of its increments' normal
// densities (mpmath at 40 digits), gradients against finite differences,
// draws with variance scale^2 t at step t, shapes and argument checks.
#include <doctest/doctest.h>

#include <cmath>

#include "../ad/gradient_check.h"
#include "dist/factory.h"
#include "dist/gaussian_random_walk.h"

using namespace ppl;

TEST_CASE("GaussianRandomWalk log_prob is the sum of its increments' normal log densities") {
  ad::Tape tape;
  dist::GaussianRandomWalk d(tape.constant(0.7), 3);
  CHECK(d.event_shape() == Shape{3});
  // Increments 0.3, -0.5, 0.7 under Normal(0, 0.7): mpmath -2.5337295433080252.
  const ad::Var x = tape.constant(Array::vector({0.3, -0.2, 0.5}));
  CHECK(d.log_prob(x).item() == doctest::Approx(-2.5337295433080252).epsilon(1e-14));
}

TEST_CASE("GaussianRandomWalk gradients in the walk and the scale, with a batch of scales") {
  using ad::testing::random_array;
  ad::testing::check_gradient(
      [](auto v) { return dist::GaussianRandomWalk(ad::exp(v[1]), 4).log_prob(v[0]); },
      {random_array({2, 4}, -1, 1, 81), random_array({2}, -1, 1, 82)});
  // Draws move with the scale (reparameterized).
  ad::testing::check_gradient(
      [](auto v) {
        return dist::GaussianRandomWalk(ad::exp(v[0]), 5).sample(RandomKey(3), Shape{2, 5});
      },
      {random_array({}, -1, 1, 83)});
}

TEST_CASE("GaussianRandomWalk draws have variance scale^2 t at step t") {
  ad::Tape tape;
  dist::GaussianRandomWalk d(tape.constant(0.5), 4);
  const int n = 50000;
  const Array x = d.sample(RandomKey(11), Shape{n, 4}).value();
  for (int t = 0; t < 4; ++t) {
    double sum = 0, squares = 0;
    for (int i = 0; i < n; ++i) {
      const double v = x.values()[i * 4 + t];
      sum += v;
      squares += v * v;
    }
    const double variance = 0.25 * (t + 1);
    CAPTURE(t);
    CHECK(std::abs(sum / n) < 5 * std::sqrt(variance / n));
    // The variance of a squared normal is 2 var^2.
    CHECK(std::abs(squares / n - variance) < 5 * std::sqrt(2 * variance * variance / n));
  }
  CHECK(d.variance()->value().values()[3] == doctest::Approx(1.0));
  CHECK_THROWS_WITH(dist::GaussianRandomWalk(tape.constant(-1.0), 3),
                    doctest::Contains("GaussianRandomWalk: scale must be positive"));
  dist::Arguments a(2);
  a[0].number = tape.constant(1.0);
  a[1].number = tape.constant(2.5);
  CHECK_THROWS_WITH(dist::make_distribution("GaussianRandomWalk", a),
                    "GaussianRandomWalk: num_steps must be one integer >= 1, got 2.5");
}
