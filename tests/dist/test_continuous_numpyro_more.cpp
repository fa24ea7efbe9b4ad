// Chi2, Pareto, Kumaraswamy, AsymmetricLaplace, BetaProportion, SkewNormal,
// LogUniform, AsymmetricLaplaceQuantile: reference log densities
// (mpmath, reference_values.md), gradients against finite differences,
// fused sums, supports, draws against mean() and variance() and against the
// exact CDFs (Kolmogorov-Smirnov), and the CDFs' round trips.
#include <doctest/doctest.h>

#include <cmath>

#include "continuous_checks.h"
#include "core/special_functions.h"
#include "dist/asymmetric_laplace.h"
#include "dist/beta_proportion.h"
#include "dist/chi2.h"
#include "dist/factory.h"
#include "dist/kumaraswamy.h"
#include "dist/log_uniform.h"
#include "dist/pareto.h"
#include "dist/skew_normal.h"

using namespace ppl;
using test::Family;
using test::Vars;

namespace {

Vars all_positive(std::span<const ad::Var> raw) {
  Vars out;
  for (const ad::Var& r : raw) out.push_back(ad::exp(r));
  return out;
}

const Family chi2{"Chi2",
                  [](std::span<const ad::Var> p) -> dist::DistributionPtr {
                    return std::make_shared<dist::Chi2>(p[0]);
                  },
                  all_positive, [](ad::Var raw, std::span<const ad::Var>) { return ad::exp(raw); }};
// Values above the scale: scale + exp(raw).
const Family pareto{"Pareto",
                    [](std::span<const ad::Var> p) -> dist::DistributionPtr {
                      return std::make_shared<dist::Pareto>(p[0], p[1]);
                    },
                    all_positive,
                    [](ad::Var raw, std::span<const ad::Var> p) { return p[0] + ad::exp(raw); }};
const Family kumaraswamy{
    "Kumaraswamy",
    [](std::span<const ad::Var> p) -> dist::DistributionPtr {
      return std::make_shared<dist::Kumaraswamy>(p[0], p[1]);
    },
    all_positive, [](ad::Var raw, std::span<const ad::Var>) { return ad::sigmoid(2.0 * raw); }};
const Family asymmetric_laplace{
    "AsymmetricLaplace",
    [](std::span<const ad::Var> p) -> dist::DistributionPtr {
      return std::make_shared<dist::AsymmetricLaplace>(p[0], p[1], p[2]);
    },
    [](std::span<const ad::Var> raw) -> Vars {
      return {raw[0], ad::exp(raw[1]), ad::exp(raw[2])};
    },
    // Values away from loc, where the density has its kink.
    [](ad::Var raw, std::span<const ad::Var> p) { return p[0] + 3.0 * raw + 0.05; }};

const Family beta_proportion{
    "BetaProportion",
    [](std::span<const ad::Var> p) -> dist::DistributionPtr {
      return std::make_shared<dist::BetaProportion>(p[0], p[1]);
    },
    [](std::span<const ad::Var> raw) -> Vars {
      return {ad::sigmoid(raw[0]), ad::exp(raw[1])};
    },
    [](ad::Var raw, std::span<const ad::Var>) { return ad::sigmoid(2.0 * raw); }};

const Family skew_normal{
    "SkewNormal",
    [](std::span<const ad::Var> p) -> dist::DistributionPtr {
      return std::make_shared<dist::SkewNormal>(p[0], p[1], p[2]);
    },
    [](std::span<const ad::Var> raw) -> Vars { return {raw[0], ad::exp(raw[1]), 3.0 * raw[2]}; },
    [](ad::Var raw, std::span<const ad::Var>) { return 3.0 * raw; }};

// Values inside [low, high]: low + (high - low) sigmoid(raw).
const Family log_uniform{
    "LogUniform",
    [](std::span<const ad::Var> p) -> dist::DistributionPtr {
      return std::make_shared<dist::LogUniform>(p[0], p[1]);
    },
    [](std::span<const ad::Var> raw) -> Vars {
      return {ad::exp(raw[0]), ad::exp(raw[0]) + ad::exp(raw[1]) + 0.1};
    },
    [](ad::Var raw, std::span<const ad::Var> p) {
      return p[0] + (p[1] - p[0]) * ad::sigmoid(raw);
    }};

// Built by name, as a program builds it: AsymmetricLaplace underneath.
const Family asymmetric_laplace_quantile{
    "AsymmetricLaplaceQuantile",
    [](std::span<const ad::Var> p) -> dist::DistributionPtr {
      dist::Arguments a(3);
      for (size_t i = 0; i < 3; ++i) a[i].number = p[i];
      return dist::make_distribution("AsymmetricLaplaceQuantile", a);
    },
    [](std::span<const ad::Var> raw) -> Vars {
      return {raw[0], ad::exp(raw[1]), ad::sigmoid(raw[2])};
    },
    [](ad::Var raw, std::span<const ad::Var> p) { return p[0] + 3.0 * raw + 0.05; }};

const std::vector<std::pair<const Family*, size_t>> families{
    {&chi2, 1},           {&pareto, 2},          {&kumaraswamy, 2},
    {&asymmetric_laplace, 3}, {&beta_proportion, 2}, {&skew_normal, 3},
    {&log_uniform, 2},    {&asymmetric_laplace_quantile, 3}};

}  // namespace

TEST_CASE("Chi2, Pareto, Kumaraswamy, AsymmetricLaplace and the rest: log_prob matches every reference value") {
  for (auto [family, n] : families) {
    CAPTURE(family->name);
    test::check_reference_values(*family);
  }
}

TEST_CASE("Chi2, Pareto, Kumaraswamy, AsymmetricLaplace: gradients in the value and every parameter") {
  for (auto [family, n] : families) {
    CAPTURE(family->name);
    test::check_log_prob_gradients(*family, n);
  }
}

TEST_CASE("Chi2, Pareto, Kumaraswamy, AsymmetricLaplace: fused sums, supports, draws") {
  using ad::testing::random_array;
  for (auto [family, n] : families) {
    CAPTURE(family->name);
    std::vector<Array> parameters{random_array({3}, -1, 1, 31)};
    if (n >= 2) parameters.push_back(random_array({2, 1}, -1, 1, 32));
    if (n >= 3) parameters.push_back(random_array({}, -1, 1, 33));
    test::check_sum_matches(*family, parameters, random_array({2, 3}, -1, 1, 41));
  }
  ad::Tape tape;
  auto c = [&](double x) { return tape.constant(x); };
  test::check_outside_support(dist::Chi2(c(3.0)), tape, {-1.0});
  test::check_outside_support(dist::Pareto(c(2.0), c(1.5)), tape, {1.9, 0.0, -1.0});
  test::check_outside_support(dist::Kumaraswamy(c(2.0), c(3.0)), tape, {-0.1, 1.1});
  CHECK(dist::Pareto(c(2.0), c(1.5)).support().to_string() == "greater_than(2)");

  const Array chi2_draws = test::check_sample_moments(chi2, {3.0});
  test::check_kolmogorov_smirnov(
      chi2_draws, [](double x) { return std::exp(special::log_gamma_p(1.5, x / 2)); });
  const Array pareto_draws = test::check_sample_moments(pareto, {1.0, 5.0});
  test::check_kolmogorov_smirnov(pareto_draws, [](double x) { return 1 - std::pow(1.0 / x, 5.0); });
  const Array kumaraswamy_draws = test::check_sample_moments(kumaraswamy, {2.0, 3.0});
  test::check_kolmogorov_smirnov(kumaraswamy_draws,
                                 [](double x) { return 1 - std::pow(1 - x * x, 3.0); });
  test::check_sample_moments(beta_proportion, {0.3, 10.0});
  test::check_sample_moments(skew_normal, {1.0, 2.0, 4.0});
  CHECK_THROWS_WITH(dist::BetaProportion(c(1.0), c(2.0)),
                    doctest::Contains("BetaProportion: mean must be in (0, 1)"));
  const Array laplace_draws = test::check_sample_moments(asymmetric_laplace, {1.0, 2.0, 3.0});
  // Mass k^2 / (1 + k^2) = 0.9 below loc; CDF from the two exponential tails.
  test::check_kolmogorov_smirnov(laplace_draws, [](double x) {
    const double z = x - 1.0, left = 6.0, right = 2.0 / 3.0;
    return z < 0 ? 0.9 * std::exp(z / left) : 1 - 0.1 * std::exp(-z / right);
  });
  const Array log_uniform_draws = test::check_sample_moments(log_uniform, {0.5, 8.0});
  test::check_kolmogorov_smirnov(log_uniform_draws,
                                 [](double x) { return std::log(x / 0.5) / std::log(16.0); });
  test::check_outside_support(dist::LogUniform(c(0.5), c(8.0)), tape, {0.4, 8.1});
  CHECK_THROWS_WITH(dist::LogUniform(c(2.0), c(1.0)),
                    doctest::Contains("LogUniform: high must be greater than low"));
  // The quantile parameterization puts mass `quantile` below loc.
  const Array quantile_draws =
      test::check_sample_moments(asymmetric_laplace_quantile, {1.0, 2.0, 0.3});
  CHECK(static_cast<double>((quantile_draws.values() < 1.0).count()) / quantile_draws.size() ==
        doctest::Approx(0.3).epsilon(0.02));
  // Pareto's mean and variance are infinite where alpha is too small.
  CHECK(std::isinf(dist::Pareto(c(1.0), c(0.8)).mean()->item()));
  CHECK(std::isinf(dist::Pareto(c(1.0), c(1.5)).variance()->item()));
}

TEST_CASE("Pareto's and Kumaraswamy's CDFs against their closed forms, with gradients") {
  ad::Tape tape;
  dist::Pareto p(tape.constant(2.0), tape.constant(1.5));
  CHECK(p.cdf(tape.constant(5.0)).item() == doctest::Approx(1 - std::pow(0.4, 1.5)).epsilon(1e-14));
  CHECK(p.cdf(tape.constant(1.0)).item() == 0.0);
  CHECK(p.icdf(tape.constant(0.3)).item() ==
        doctest::Approx(2.0 * std::pow(0.7, -1 / 1.5)).epsilon(1e-14));
  dist::Kumaraswamy k(tape.constant(2.0), tape.constant(3.0));
  CHECK(k.cdf(tape.constant(0.4)).item() ==
        doctest::Approx(1 - std::pow(0.84, 3.0)).epsilon(1e-14));
  CHECK(k.cdf(k.icdf(tape.constant(0.37))).item() == doctest::Approx(0.37).epsilon(1e-13));
  using ad::testing::random_array;
  ad::testing::check_gradient(
      [](auto v) {
        return dist::Pareto(ad::exp(v[1]), ad::exp(v[2])).cdf(ad::exp(v[1]) + ad::exp(v[0]));
      },
      {random_array({3}, -1, 1, 71), random_array({}, -1, 1, 72), random_array({}, -1, 1, 73)});
  ad::testing::check_gradient(
      [](auto v) { return dist::Kumaraswamy(ad::exp(v[1]), ad::exp(v[2])).cdf(ad::sigmoid(v[0])); },
      {random_array({3}, -1, 1, 74), random_array({}, -1, 1, 75), random_array({}, -1, 1, 76)});
}
