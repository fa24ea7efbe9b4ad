// Whether an SVI loss was still falling at the end of a run.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "infer/svi/loss_trend.h"

namespace {

// Deterministic noise in [-0.5, 0.5).
double noise(int i) {
  double v = std::sin(i * 12.9898) * 43758.5453;
  return v - std::floor(v) - 0.5;
}

}  // namespace

TEST_CASE("a loss falling by one per step is still falling; its window means are exact") {
  std::vector<double> losses(1000);
  for (int i = 0; i < 1000; ++i) losses[i] = -i;
  auto trend = ppl::infer::loss_trend(losses);
  REQUIRE(trend);
  CHECK(trend->window == 100);
  CHECK(trend->earlier_mean == doctest::Approx(-849.5));  // mean of -800 ... -899
  CHECK(trend->last_mean == doctest::Approx(-949.5));
  // The 10 batch means of a window are 10 apart: their variance is
  // 10^2 * 55 / 6, and the SE of the difference sqrt(2 * variance / 10).
  CHECK(trend->standard_error == doctest::Approx(std::sqrt(2 * 100.0 * 55 / 6 / 10)));
  CHECK(ppl::infer::still_falling(*trend));
}

TEST_CASE("a converged loss with noise is not still falling") {
  std::vector<double> losses(5000);
  for (int i = 0; i < 5000; ++i) losses[i] = 12.0 + 3.0 * noise(i) + 50.0 * std::exp(-i / 100.0);
  auto trend = ppl::infer::loss_trend(losses);
  REQUIRE(trend);
  CHECK_FALSE(ppl::infer::still_falling(*trend));
}

TEST_CASE("a slow drift below 0.1 nats over a window is not worth a warning") {
  std::vector<double> losses(1000);
  for (int i = 0; i < 1000; ++i) losses[i] = 5.0 - 1e-4 * i;  // 0.01 per window of 100
  auto trend = ppl::infer::loss_trend(losses);
  REQUIRE(trend);
  CHECK_FALSE(ppl::infer::still_falling(*trend));
}

TEST_CASE("an improper posterior's loss, falling like a log, is still falling") {
  // An ImproperUniform site under a Normal guide: the entropy grows as log(scale).
  std::vector<double> losses(2000);
  for (int i = 0; i < 2000; ++i) losses[i] = -std::log(1.0 + 0.05 * i) * 10 + 0.5 * noise(i);
  auto trend = ppl::infer::loss_trend(losses);
  REQUIRE(trend);
  CHECK(ppl::infer::still_falling(*trend));
}

TEST_CASE("fewer than 100 steps say nothing") {
  CHECK_FALSE(ppl::infer::loss_trend(std::vector<double>(99, 1.0)));
}

TEST_CASE("the warning names the windows, their means and the standard errors") {
  // A straight fall of 1 per step over 1000 steps: windows of 100 steps,
  // means 150.5 (steps 801-900, losses 200 to 101) and 50.5 (the last 100).
  std::vector<double> losses(1000);
  for (int i = 0; i < 1000; ++i) losses[i] = 1000.0 - i;
  const auto warning = ppl::infer::still_falling_warning(losses);
  REQUIRE(warning);
  CAPTURE(*warning);
  CHECK(warning->rfind("the loss was still falling when the fit ended (mean 150.5 over steps "
                       "801-900, 50.5 over the last 100; ",
                       0) == 0);
  CHECK_FALSE(ppl::infer::still_falling_warning(std::vector<double>(500, 3.0)));
}
