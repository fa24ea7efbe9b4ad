// ZeroSumNormal: log densities against mpmath (the isotropic normal on the
// zero-sum plane), against the (n-1)-dimensional Normal it is the image of
// under ZeroSumTransform (NumPyro's construction), gradients, and draws that
// sum to zero with variance scale^2 (1 - 1/n) per entry.
#include <doctest/doctest.h>

#include <cmath>

#include "../ad/gradient_check.h"
#include "ad/ops.h"
#include "dist/normal.h"
#include "dist/transforms.h"
#include "dist/zero_sum_normal.h"

using namespace ppl;

TEST_CASE("ZeroSumNormal log_prob matches mpmath and the Normal it is the image of") {
  ad::Tape tape;
  const dist::ZeroSumNormal three(tape.constant(1.0), 3);
  CHECK(three.log_prob(tape.constant(Array::vector({0.5, -1.0, 0.5}))).item() ==
        doctest::Approx(-2.5878770664093455).epsilon(1e-14));
  const dist::ZeroSumNormal four(tape.constant(2.5), 4);
  CHECK(four.log_prob(tape.constant(Array::vector({3.0, -1.0, -0.5, -1.5}))).item() ==
        doctest::Approx(-6.5056877952364834).epsilon(1e-14));
  // log p(T(z)) = sum Normal(0, scale).log_prob(z): T is an isometry onto the plane.
  const ad::Var z = tape.constant(Array::vector({0.3, -1.2, 2.0}));
  const ad::Var x = dist::ZeroSumTransform().forward(z);
  CHECK(ad::sum(x).item() == doctest::Approx(0.0).scale(1.0).epsilon(1e-14));
  const dist::Normal base(tape.constant(0.0), tape.constant(2.5));
  CHECK(four.log_prob(x).item() ==
        doctest::Approx(ad::sum(base.log_prob(z)).item()).epsilon(1e-13));
}

TEST_CASE("ZeroSumNormal gradients in the scale and a batch of values; batch shape from scale") {
  ad::testing::check_gradient(
      [](auto v) {
        const ad::Var x = dist::ZeroSumTransform().forward(v[1]);
        return dist::ZeroSumNormal(ad::exp(v[0]), 4).log_prob(x);
      },
      {ad::testing::random_array({2, 1}, -0.5, 0.5, 311),
       ad::testing::random_array({2, 3}, -2, 2, 312)});
  ad::Tape tape;
  const dist::ZeroSumNormal batched(tape.constant(Array::vector({1.0, 2.0})), 3);
  CHECK(batched.batch_shape() == Shape{2});
  CHECK(batched.event_shape() == Shape{3});
  CHECK_THROWS_WITH(dist::ZeroSumNormal(tape.constant(1.0), 1),
                    doctest::Contains("ZeroSumNormal: event_shape must be one size of at least 2"));
}

TEST_CASE("ZeroSumNormal draws sum to zero, with variance scale^2 (1 - 1/n) per entry") {
  ad::Tape tape;
  const dist::ZeroSumNormal d(tape.constant(2.0), 5);
  const int n = 40000;
  const Array draws = d.sample(RandomKey(41), Shape{n, 5}).value();
  CHECK((d.support().check(draws).values() == 1.0).all());
  const double expected = 4.0 * (1.0 - 1.0 / 5.0);
  for (int k = 0; k < 5; ++k) {
    double sum_sq = 0;
    for (int m = 0; m < n; ++m) sum_sq += draws.values()[m * 5 + k] * draws.values()[m * 5 + k];
    CHECK(std::abs(sum_sq / n - expected) < 0.04 * expected);
  }
  CHECK(d.variance()->value().values()[0] == doctest::Approx(expected));
  // Reparameterized: d draw / d scale = draw / scale.
  ad::testing::check_gradient(
      [](auto v) {
        return dist::ZeroSumNormal(ad::exp(v[0]), 3).sample(RandomKey(5), Shape{2, 3});
      },
      {ad::testing::random_array({}, -0.5, 0.5, 313)});
}
