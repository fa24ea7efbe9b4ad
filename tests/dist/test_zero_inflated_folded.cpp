// ZeroInflatedDistribution and FoldedDistribution: log densities against
// independent paths (ZeroInflatedPoisson's closed form, HalfNormal, mpmath),
// gradients, draws against mean and variance, and refused bases.
#include <doctest/doctest.h>

#include <cmath>

#include "../ad/gradient_check.h"
#include "ad/ops.h"
#include "continuous_checks.h"
#include "dist/factory.h"
#include "dist/folded_distribution.h"
#include "dist/zero_inflated_distribution.h"

using namespace ppl;

namespace {

dist::DistributionPtr make(const std::string& name, std::vector<ad::Var> numbers) {
  dist::Arguments a(numbers.size());
  for (size_t i = 0; i < numbers.size(); ++i) a[i].number = numbers[i];
  return dist::make_distribution(name, a);
}

}  // namespace

TEST_CASE("ZeroInflatedDistribution of a Poisson is ZeroInflatedPoisson, by gate or gate_logits") {
  ad::Tape tape;
  auto c = [&](double x) { return tape.constant(x); };
  const auto poisson = make("Poisson", {c(2.5)});
  const dist::ZeroInflatedDistribution by_gate(poisson, c(0.3), false);
  const dist::ZeroInflatedDistribution by_logits(poisson, c(std::log(0.3 / 0.7)), true);
  const auto reference = make("ZeroInflatedPoisson", {c(0.3), c(2.5)});
  const ad::Var x = tape.constant(Array::vector({0, 1, 2, 7, 30}));
  const Array expected = reference->log_prob(x).value();
  const Array a = by_gate.log_prob(x).value(), b = by_logits.log_prob(x).value();
  for (int i = 0; i < 5; ++i) {
    CHECK(a.values()[i] == doctest::Approx(expected.values()[i]).epsilon(1e-13));
    CHECK(b.values()[i] == doctest::Approx(expected.values()[i]).epsilon(1e-13));
  }
  CHECK(by_gate.mean()->item() == doctest::Approx(0.7 * 2.5));
  CHECK(by_gate.variance()->item() == doctest::Approx(0.7 * 2.5 * (1 + 0.3 * 2.5)));
  const Array draws = by_gate.sample(RandomKey(71), Shape{100000}).value();
  test::check_moments(draws, by_gate.mean()->item(), by_gate.variance()->item());
  CHECK(static_cast<double>((draws.values() == 0.0).count()) / draws.size() ==
        doctest::Approx(0.3 + 0.7 * std::exp(-2.5)).epsilon(0.02));
}

TEST_CASE("ZeroInflatedDistribution gradients in the gate logits and the base's parameters") {
  ad::testing::check_gradient(
      [](auto v) {
        const auto base = make("NegativeBinomial2", {ad::exp(v[1]), ad::exp(v[0])});
        return dist::ZeroInflatedDistribution(base, v[0], true)
            .log_prob(v[0].tape().constant(Array::vector({0, 1, 4})));
      },
      {ad::testing::random_array({}, -1, 1, 72), ad::testing::random_array({}, -1, 1, 73)});
  ad::Tape tape;
  CHECK_THROWS_WITH(
      dist::ZeroInflatedDistribution(make("Normal", {tape.constant(0.0), tape.constant(1.0)}),
                                     tape.constant(0.2), false),
      doctest::Contains("ZeroInflatedDistribution: base_dist must be discrete"));
}

TEST_CASE("FoldedDistribution of Normal(0, s) is HalfNormal(s); of Normal(1, 2) matches mpmath") {
  ad::Tape tape;
  auto c = [&](double x) { return tape.constant(x); };
  const dist::FoldedDistribution folded_centered(make("Normal", {c(0.0), c(1.7)}));
  const auto half = make("HalfNormal", {c(1.7)});
  for (double x : {0.0, 0.4, 3.0}) {
    CHECK(folded_centered.log_prob(c(x)).item() ==
          doctest::Approx(half->log_prob(c(x)).item()).epsilon(1e-14));
  }
  const dist::FoldedDistribution folded(make("Normal", {c(1.0), c(2.0)}));
  CHECK(folded.log_prob(c(0.5)).item() == doctest::Approx(-1.0673962938857745).epsilon(1e-13));
  CHECK(folded.log_prob(c(3.0)).item() == doctest::Approx(-1.9106724357818656).epsilon(1e-13));
  CHECK(folded.log_prob(c(-0.1)).item() == -INFINITY);
  // Draws are |x|: the mean of a folded normal, sigma sqrt(2/pi) e^(-mu^2 / 2 sigma^2)
  // + mu (1 - 2 Phi(-mu / sigma)).
  const Array draws = folded.sample(RandomKey(81), Shape{100000}).value();
  CHECK((draws.values() >= 0).all());
  const double expected_mean = 2.0 * std::sqrt(2.0 / M_PI) * std::exp(-1.0 / 8.0) +
                               1.0 * (1.0 - 2.0 * 0.5 * std::erfc(0.5 / std::sqrt(2.0)));
  CHECK(draws.values().mean() == doctest::Approx(expected_mean).epsilon(0.01));
  CHECK(folded.support().to_string() == "positive");
  ad::testing::check_gradient(
      [](auto v) {
        return dist::FoldedDistribution(
                   make("StudentT", {v[0].tape().constant(4.0), v[0], ad::exp(v[1])}))
            .log_prob(ad::exp(v[2]));
      },
      {ad::testing::random_array({}, -1, 1, 82), ad::testing::random_array({}, -1, 1, 83),
       ad::testing::random_array({3}, -1, 1, 84)});
  CHECK_THROWS_WITH(
      dist::FoldedDistribution(make("Gamma", {c(2.0), c(1.0)})),
      doctest::Contains("FoldedDistribution: base_dist must be univariate with support real"));
}
