// Truncated distributions: log densities and normalizers against mpmath at
// 40 digits (the truncated normal's Z = Phi(b) - Phi(a), its mean
// mu + sigma (phi(a) - phi(b)) / Z and variance from Johnson, Kotz and
// Balakrishnan, Continuous Univariate Distributions 1, section 10.1), draws
// against those moments, the far tails, gradients, and the errors.
#include <doctest/doctest.h>

#include <cmath>

#include "../ad/gradient_check.h"
#include "dist/cauchy.h"
#include "dist/factory.h"
#include "dist/laplace.h"
#include "dist/logistic.h"
#include "dist/normal.h"
#include "dist/poisson.h"
#include "dist/truncated.h"

using namespace ppl;

namespace {

std::shared_ptr<dist::Truncated> truncated_normal(ad::Tape& tape, double loc, double scale,
                                                  std::optional<double> low,
                                                  std::optional<double> high) {
  auto base = std::make_shared<dist::Normal>(tape.constant(loc), tape.constant(scale));
  return std::make_shared<dist::Truncated>(
      "TruncatedNormal", base, low ? std::optional(tape.constant(*low)) : std::nullopt,
      high ? std::optional(tape.constant(*high)) : std::nullopt);
}

}  // namespace

TEST_CASE("TruncatedNormal's density is the normal's divided by the mass kept") {
  ad::Tape tape;
  auto d = truncated_normal(tape, 1.0, 2.0, 0.0, 3.0);
  CHECK(d->log_normalizer().item() == doctest::Approx(-0.62959563255286351).epsilon(1e-14));
  CHECK(d->log_prob(tape.constant(2.0)).item() ==
        doctest::Approx(-1.1074900812117545).epsilon(1e-14));
  CHECK(d->log_prob(tape.constant(-0.5)).item() == -INFINITY);
  CHECK(d->log_prob(tape.constant(3.5)).item() == -INFINITY);
  CHECK(d->cdf(tape.constant(2.0)).item() == doctest::Approx(0.71869321073547997).epsilon(1e-13));
  CHECK(d->cdf(tape.constant(-1.0)).item() == 0.0);
  CHECK(d->cdf(tape.constant(4.0)).item() == 1.0);
  CHECK(d->support().to_string() == "interval(0, 3)");
}

TEST_CASE("draws of a truncated normal have its mean and variance and stay inside") {
  ad::Tape tape;
  auto d = truncated_normal(tape, 1.0, 2.0, 0.0, 3.0);
  const int n = 200000;
  const Array x = d->sample(RandomKey(5), Shape{n}).value();
  CHECK(x.values().minCoeff() >= 0.0);
  CHECK(x.values().maxCoeff() <= 3.0);
  const double mean = x.values().mean();
  const double variance = (x.values() - mean).square().mean();
  // Standard errors: sqrt(0.691 / n) = 0.0019 for the mean, about 0.0015
  // for the variance; 5 of them.
  CHECK(std::abs(mean - 1.413262436123066) < 0.01);
  CHECK(std::abs(variance - 0.69109303634597301) < 0.008);
}

TEST_CASE("far tails: Normal(0, 1) on [10, inf) and on (-inf, -12]") {
  ad::Tape tape;
  auto upper = truncated_normal(tape, 0.0, 1.0, 10.0, std::nullopt);
  CHECK(upper->log_normalizer().item() == doctest::Approx(-53.231285150512471).epsilon(1e-13));
  CHECK(upper->log_prob(tape.constant(10.05)).item() ==
        doctest::Approx(1.8110966173077978).epsilon(1e-12));
  const Array x = upper->sample(RandomKey(8), Shape{20000}).value();
  CHECK(x.values().minCoeff() >= 10.0);
  CHECK(std::isfinite(x.values().maxCoeff()));
  CHECK(x.values().mean() == doctest::Approx(10.098093233962512).epsilon(2e-3));
  auto lower = truncated_normal(tape, 0.0, 1.0, std::nullopt, -12.0);
  CHECK(lower->log_normalizer().item() == doctest::Approx(-75.410673001568796).epsilon(1e-13));
  const Array y = lower->sample(RandomKey(9), Shape{2000}).value();
  CHECK(y.values().maxCoeff() <= -12.0);
  CHECK(std::isfinite(y.values().minCoeff()));
}

TEST_CASE("a batch mixes tails: each element takes the side its low lies on") {
  ad::Tape tape;
  auto base = std::make_shared<dist::Normal>(tape.constant(0.0), tape.constant(1.0));
  dist::Truncated d("TruncatedNormal", base, tape.constant(Array::vector({-1.0, 9.0})),
                    tape.constant(Array::vector({1.0, 9.5})));
  // log(Phi(1) - Phi(-1)) and log(Phi(-9) - Phi(-9.5)), mpmath.
  const Array log_z = d.log_normalizer().value();
  CHECK(log_z.values()[0] == doctest::Approx(std::log(0.68268949213708590)).epsilon(1e-13));
  CHECK(log_z.values()[1] == doctest::Approx(-43.637491414572414).epsilon(1e-12));
}

TEST_CASE("gradients of the truncated log density and of its draws") {
  using ad::testing::check_gradient;
  using ad::testing::random_array;
  // loc, log scale, value; low = -0.5 and high = 2 fixed.
  check_gradient(
      [](auto v) {
        ad::Tape& tape = v[0].tape();
        auto base = std::make_shared<dist::Normal>(v[0], ad::exp(v[1]));
        dist::Truncated d("TruncatedNormal", base, tape.constant(-0.5), tape.constant(2.0));
        return d.log_prob(0.5 + 0.6 * ad::tanh(v[2]));
      },
      {random_array({3}, -0.5, 0.5, 1), random_array({}, -0.3, 0.3, 2),
       random_array({3}, -1, 1, 3)});
  // Reparameterized draws move with loc and scale (the uniforms held fixed).
  check_gradient(
      [](auto v) {
        ad::Tape& tape = v[0].tape();
        auto base = std::make_shared<dist::Normal>(v[0], ad::exp(v[1]));
        dist::Truncated d("TruncatedNormal", base, tape.constant(0.0), std::nullopt);
        return d.sample(RandomKey(4), Shape{5});
      },
      {random_array({}, -0.5, 0.5, 5), random_array({}, -0.3, 0.3, 6)});
}

TEST_CASE("TruncatedCauchy's normalizer, from the builder") {
  ad::Tape tape;
  dist::Arguments a(4);
  a[0].number = tape.constant(1.0);
  a[1].number = tape.constant(2.0);
  a[2].number = tape.constant(0.0);
  dist::DistributionPtr d = dist::make_distribution("TruncatedCauchy", a);
  // log(1 - F(0)) for Cauchy(1, 2): log(1 - 0.35241638234956673).
  CHECK(
      d->log_prob(tape.constant(1.0)).item() ==
      doctest::Approx(-std::log(2.0 * M_PI) - std::log(1.0 - 0.35241638234956673)).epsilon(1e-13));
}

TEST_CASE("what cannot be truncated is refused by name") {
  ad::Tape tape;
  auto normal = std::make_shared<dist::Normal>(tape.constant(0.0), tape.constant(1.0));
  CHECK_THROWS_WITH_AS(
      dist::Truncated("TruncatedNormal", normal, tape.constant(2.0), tape.constant(1.0)),
      doctest::Contains("TruncatedNormal: high must be above low"), dist::ArgumentError);
  CHECK_THROWS_WITH_AS(dist::Truncated("TruncatedDistribution", normal, std::nullopt, std::nullopt),
                       "TruncatedDistribution: give low, high or both", dist::ArgumentError);
  auto poisson = std::make_shared<dist::Poisson>(tape.constant(3.0));
  CHECK_THROWS_WITH_AS(
      dist::Truncated("TruncatedDistribution", poisson, tape.constant(1.0), std::nullopt),
      doctest::Contains("must be continuous, got Poisson"), dist::ArgumentError);
}

namespace {

dist::DistributionPtr build(const char* name, dist::DistributionPtr base,
                            std::vector<std::optional<double>> numbers) {
  ad::Tape& tape = base->tape();
  dist::Arguments a(1 + numbers.size());
  a[0].distribution = base;
  for (size_t i = 0; i < numbers.size(); ++i)
    if (numbers[i]) a[1 + i].number = tape.constant(*numbers[i]);
  return dist::make_distribution(name, a);
}

}  // namespace

// Closed forms (mpmath at 40 digits where not exact): Laplace(0, 1) above 1
// is the exponential tail, log p(2) = -1; Normal(0, 1) below 0 has
// log p(-1) = log phi(-1) - log(1/2); Logistic(0, 1) on [0, 1] has
// log p(1/2) = 0.016930045105036673.
TEST_CASE("LeftTruncatedDistribution: low defaults to 0; Laplace above 1 is an exponential tail") {
  ad::Tape tape;
  auto laplace = std::make_shared<dist::Laplace>(tape.constant(0.0), tape.constant(1.0));
  auto d = build("LeftTruncatedDistribution", laplace, {1.0});
  CHECK(d->log_prob(tape.constant(2.0)).item() == doctest::Approx(-1.0).epsilon(1e-14));
  CHECK(d->support().to_string().rfind("greater_than", 0) == 0);
  auto at_zero = build("LeftTruncatedDistribution", laplace, {});
  CHECK(at_zero->log_prob(tape.constant(-0.5)).item() == -INFINITY);
}

TEST_CASE("RightTruncatedDistribution: Normal(0, 1) below 0 is the half normal mirrored") {
  ad::Tape tape;
  auto normal = std::make_shared<dist::Normal>(tape.constant(0.0), tape.constant(1.0));
  auto d = build("RightTruncatedDistribution", normal, {});
  CHECK(d->log_prob(tape.constant(-1.0)).item() ==
        doctest::Approx(-0.72579135264472743).epsilon(1e-14));
  CHECK(d->log_prob(tape.constant(0.5)).item() == -INFINITY);
}

TEST_CASE("TwoSidedTruncatedDistribution: low 0 and high 1 by default") {
  ad::Tape tape;
  auto logistic = std::make_shared<dist::Logistic>(tape.constant(0.0), tape.constant(1.0));
  auto d = build("TwoSidedTruncatedDistribution", logistic, {});
  CHECK(d->log_prob(tape.constant(0.5)).item() ==
        doctest::Approx(0.016930045105036673).epsilon(1e-13));
  CHECK(d->support().to_string().rfind("interval", 0) == 0);
}

TEST_CASE("TruncatedDistribution with one bound leaves the other side open") {
  ad::Tape tape;
  auto normal = std::make_shared<dist::Normal>(tape.constant(0.0), tape.constant(1.0));
  auto upper = build("TruncatedDistribution", normal, {std::nullopt, 0.0});
  CHECK(upper->log_prob(tape.constant(-1.0)).item() ==
        doctest::Approx(-0.72579135264472743).epsilon(1e-14));
  CHECK(upper->support().to_string().rfind("less_than", 0) == 0);
  CHECK_THROWS_WITH_AS(build("TruncatedDistribution", normal, {}),
                       "TruncatedDistribution: give low, high or both", dist::ArgumentError);
}
