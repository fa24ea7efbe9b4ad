// Statistical checks of the samplers, on fixed keys (so every run draws the
// same numbers). Tolerances:
//  - moments: |sample - exact| < 5 standard errors, n = 100000 draws, with
//    SE(mean) = sqrt(var / n) and SE(variance) = var sqrt(2 / (n - 1) +
//    excess_kurtosis / n);
//  - Kolmogorov-Smirnov: sqrt(n) D < 1.95 (P(K > 1.95) is about 0.001);
//  - chi-square goodness of fit: p-value > 1e-3, bins pooled to expected
//    counts >= 5.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numbers>

#include "core/error.h"
#include "core/samplers.h"
#include "core/special_functions.h"

using namespace ppl;
namespace special = ppl::special;

namespace {

constexpr Eigen::Index draw_count = 100'000;
constexpr double standard_errors = 5.0;

double variance_of(const Eigen::ArrayXd& draws) {
  return (draws - draws.mean()).square().sum() / static_cast<double>(draws.size() - 1);
}

void check_moments(const Eigen::ArrayXd& draws, double mean, double variance, double excess_kurtosis) {
  double n = static_cast<double>(draws.size());
  double mean_error = std::sqrt(variance / n);
  double variance_error = variance * std::sqrt(2.0 / (n - 1.0) + excess_kurtosis / n);
  INFO("expected mean " << mean << ", variance " << variance);
  CHECK(std::abs(draws.mean() - mean) < standard_errors * mean_error);
  CHECK(std::abs(variance_of(draws) - variance) < standard_errors * variance_error);
}

double kolmogorov_smirnov_statistic(Eigen::ArrayXd draws, const std::function<double(double)>& cdf) {
  std::sort(draws.begin(), draws.end());
  double n = static_cast<double>(draws.size());
  double largest_gap = 0.0;
  for (Eigen::Index i = 0; i < draws.size(); ++i) {
    double f = cdf(draws[i]);
    largest_gap = std::max({largest_gap, (i + 1) / n - f, f - i / n});
  }
  return std::sqrt(n) * largest_gap;
}

// Chi-square test of draws on 0..last against pmf; draws >= last share the
// last bin, whose expected count is the rest of the mass.
double chi_square_p_value(const Eigen::ArrayXd& draws, int last, const std::function<double(int)>& pmf) {
  double n = static_cast<double>(draws.size());
  std::vector<double> observed(last + 1, 0.0), expected(last + 1, 0.0);
  for (double draw : draws) observed[std::min(static_cast<int>(draw), last)] += 1.0;
  double assigned = 0.0;
  for (int k = 0; k < last; ++k) assigned += expected[k] = n * pmf(k);
  expected[last] = n - assigned;
  // Pool neighbouring bins until each expects at least 5 draws.
  std::vector<double> pooled_observed, pooled_expected;
  double bin_observed = 0.0, bin_expected = 0.0;
  for (int k = 0; k <= last; ++k) {
    bin_observed += observed[k];
    bin_expected += expected[k];
    if (bin_expected >= 5.0) {
      pooled_observed.push_back(bin_observed);
      pooled_expected.push_back(bin_expected);
      bin_observed = bin_expected = 0.0;
    }
  }
  pooled_observed.back() += bin_observed;
  pooled_expected.back() += bin_expected;
  double statistic = 0.0;
  for (std::size_t b = 0; b < pooled_observed.size(); ++b)
    statistic += std::pow(pooled_observed[b] - pooled_expected[b], 2) / pooled_expected[b];
  double degrees_of_freedom = static_cast<double>(pooled_observed.size() - 1);
  INFO("chi-square " << statistic << " on " << degrees_of_freedom << " degrees of freedom");
  return std::exp(special::log_gamma_q(0.5 * degrees_of_freedom, 0.5 * statistic));
}

double poisson_pmf(double rate, int k) { return std::exp(k * std::log(rate) - rate - special::lgamma(k + 1.0)); }

double binomial_pmf(int n, double p, int k) {
  return std::exp(special::lgamma(n + 1.0) - special::lgamma(k + 1.0) - special::lgamma(n - k + 1.0) + k * std::log(p) +
                  (n - k) * std::log1p(-p));
}

double normal_cdf(double x) { return 0.5 * special::erfc(-x / std::numbers::sqrt2); }

}  // namespace

TEST_CASE("uniform, normal and exponential draws have the exact mean and variance") {
  check_moments(sample(RandomKey(1), UniformSampler(-2.0, 5.0), draw_count), 1.5, 49.0 / 12.0, -1.2);
  check_moments(sample(RandomKey(2), NormalSampler(3.0, 0.5), draw_count), 3.0, 0.25, 0.0);
  check_moments(sample(RandomKey(3), ExponentialSampler(2.5), draw_count), 0.4, 0.16, 6.0);
}

TEST_CASE("normal draws pass Kolmogorov-Smirnov against the normal CDF") {
  auto draws = sample(RandomKey(4), NormalSampler(-1.0, 2.0), draw_count);
  CHECK(kolmogorov_smirnov_statistic(draws, [](double x) { return normal_cdf((x + 1.0) / 2.0); }) < 1.95);
}

TEST_CASE("gamma draws have the exact moments for shapes below, at and above 1") {
  for (double shape : {0.01, 0.5, 1.0, 3.0, 50.0}) {
    CAPTURE(shape);
    double rate = 2.0;
    check_moments(sample(RandomKey(5), GammaSampler(shape, rate), draw_count), shape / rate, shape / (rate * rate),
                  6.0 / shape);
  }
}

TEST_CASE("gamma draws pass Kolmogorov-Smirnov for shape 0.5 and 3") {
  for (double shape : {0.5, 3.0}) {
    CAPTURE(shape);
    double rate = 1.5;
    auto draws = sample(RandomKey(6), GammaSampler(shape, rate), draw_count);
    auto cdf = [&](double x) { return std::exp(special::log_gamma_p(shape, rate * x)); };
    CHECK(kolmogorov_smirnov_statistic(draws, cdf) < 1.95);
  }
}

TEST_CASE("log gamma draws stay finite for tiny shapes and have mean digamma(shape) - log(rate)") {
  double shape = 1e-3, rate = 4.0;
  GammaSampler gamma(shape, rate);
  RandomStream stream(RandomKey(7));
  Eigen::ArrayXd log_draws(draw_count);
  for (auto& value : log_draws) value = gamma.draw_log(stream);
  CHECK(log_draws.isFinite().all());
  double expected = special::digamma(shape) - std::log(rate);
  double error = std::sqrt(special::trigamma(shape) / draw_count);  // Var(log X) = trigamma(shape)
  CHECK(std::abs(log_draws.mean() - expected) < standard_errors * error);
}

TEST_CASE("beta draws have the exact moments and pass Kolmogorov-Smirnov") {
  auto beta_excess_kurtosis = [](double a, double b) {
    return 6.0 * ((a - b) * (a - b) * (a + b + 1.0) - a * b * (a + b + 2.0)) / (a * b * (a + b + 2.0) * (a + b + 3.0));
  };
  for (auto [a, b] : {std::pair{2.0, 5.0}, std::pair{0.5, 0.5}, std::pair{0.05, 3.0}}) {
    CAPTURE(a);
    CAPTURE(b);
    auto draws = sample(RandomKey(8), BetaSampler(a, b), draw_count);
    check_moments(draws, a / (a + b), a * b / ((a + b) * (a + b) * (a + b + 1.0)), beta_excess_kurtosis(a, b));
    CHECK(kolmogorov_smirnov_statistic(draws, [&](double x) { return std::exp(special::log_ibeta(a, b, x)); }) < 1.95);
  }
}

TEST_CASE("beta draws with tiny concentrations are not NaN and split evenly between the ends") {
  auto draws = sample(RandomKey(9), BetaSampler(1e-3, 1e-3), draw_count);
  CHECK(((draws >= 0.0) && (draws <= 1.0)).all());
  double upper_share = (draws > 0.5).cast<double>().mean();
  CHECK(std::abs(upper_share - 0.5) < standard_errors * std::sqrt(0.25 / draw_count));
}

TEST_CASE("dirichlet draws sum to 1 and each component has its beta marginal's moments") {
  Eigen::ArrayXd concentration(3);
  concentration << 0.3, 2.0, 5.0;
  double total = concentration.sum();
  DirichletSampler dirichlet(concentration);
  RandomStream stream(RandomKey(10));
  Eigen::ArrayXXd draws(draw_count, 3);
  for (Eigen::Index i = 0; i < draw_count; ++i) draws.row(i) = dirichlet(stream).transpose();
  CHECK(((draws.rowwise().sum() - 1.0).abs() < 1e-12).all());
  for (int k = 0; k < 3; ++k) {
    double a = concentration[k], b = total - a;
    double kurtosis =
        6.0 * ((a - b) * (a - b) * (a + b + 1.0) - a * b * (a + b + 2.0)) / (a * b * (a + b + 2.0) * (a + b + 3.0));
    check_moments(draws.col(k), a / total, a * b / (total * total * (total + 1.0)), kurtosis);
  }
}

TEST_CASE("student t, laplace, logistic and gumbel draws have the exact mean and variance") {
  // Student t with df 5: variance scale^2 df / (df - 2), excess kurtosis 6 / (df - 4).
  check_moments(sample(RandomKey(11), StudentTSampler(5.0, 1.0, 2.0), draw_count), 1.0, 4.0 * 5.0 / 3.0, 6.0);
  check_moments(sample(RandomKey(12), LaplaceSampler(-3.0, 0.5), draw_count), -3.0, 2.0 * 0.25, 3.0);
  double pi2 = std::numbers::pi * std::numbers::pi;
  check_moments(sample(RandomKey(13), LogisticSampler(2.0, 1.5), draw_count), 2.0, 2.25 * pi2 / 3.0, 1.2);
  check_moments(sample(RandomKey(14), GumbelSampler(0.5, 2.0), draw_count), 0.5 + 2.0 * std::numbers::egamma,
                4.0 * pi2 / 6.0, 2.4);
}

TEST_CASE("cauchy draws pass Kolmogorov-Smirnov against the cauchy CDF") {
  auto draws = sample(RandomKey(15), CauchySampler(-1.0, 3.0), draw_count);
  auto cdf = [](double x) { return 0.5 + std::atan((x + 1.0) / 3.0) / std::numbers::pi; };
  CHECK(kolmogorov_smirnov_statistic(draws, cdf) < 1.95);
}

TEST_CASE("geometric draws count failures: mean (1 - p) / p, and always 0 when p = 1") {
  double p = 0.3;
  check_moments(sample(RandomKey(16), GeometricSampler(p), draw_count), (1.0 - p) / p, (1.0 - p) / (p * p),
                6.0 + p * p / (1.0 - p));
  auto certain = sample(RandomKey(16), GeometricSampler(1.0), 1000);
  CHECK((certain == 0.0).all());
  CHECK(!std::signbit(certain[0]));
}

TEST_CASE("poisson draws pass chi-square at rates 3.5 (inversion) and 250 (PTRS)") {
  for (double rate : {3.5, 250.0}) {
    CAPTURE(rate);
    auto draws = sample(RandomKey(17), PoissonSampler(rate), draw_count);
    check_moments(draws, rate, rate, 1.0 / rate);
    int last = static_cast<int>(rate + 10.0 * std::sqrt(rate) + 10.0);
    CHECK(chi_square_p_value(draws, last, [&](int k) { return poisson_pmf(rate, k); }) > 1e-3);
  }
  CHECK((sample(RandomKey(17), PoissonSampler(0.0), 100) == 0.0).all());
}

TEST_CASE("binomial draws pass chi-square for small and large n, and p above one half") {
  struct Case {
    int n;
    double p;
  };
  // n p = 6 (inversion), 400 (BTRS), 160 (BTRS on 1 - p, reflected), 4 (inversion, reflected).
  for (auto [n, p] : {Case{20, 0.3}, Case{1000, 0.4}, Case{200, 0.8}, Case{40, 0.9}}) {
    CAPTURE(n);
    CAPTURE(p);
    auto draws = sample(RandomKey(18), BinomialSampler(n, p), draw_count);
    double variance = n * p * (1.0 - p);
    check_moments(draws, n * p, variance, (1.0 - 6.0 * p * (1.0 - p)) / variance);
    CHECK(draws.maxCoeff() <= n);
    CHECK(chi_square_p_value(draws, n, [&](int k) { return binomial_pmf(n, p, k); }) > 1e-3);
  }
  CHECK((sample(RandomKey(18), BinomialSampler(7, 0.0), 100) == 0.0).all());
  CHECK((sample(RandomKey(18), BinomialSampler(7, 1.0), 100) == 7.0).all());
  CHECK((sample(RandomKey(18), BinomialSampler(0, 0.5), 100) == 0.0).all());
}

TEST_CASE("categorical draws from probs and from logits pass chi-square and never pick a zero category") {
  Eigen::ArrayXd weights(4);
  weights << 0.1, 0.0, 0.6, 0.3;
  auto pmf = [&](int k) { return weights[k]; };
  auto from_probs = sample(RandomKey(19), CategoricalSampler::from_probs(weights * 7.0), draw_count);
  CHECK((from_probs != 1.0).all());
  CHECK(chi_square_p_value(from_probs, 3, pmf) > 1e-3);
  auto from_logits = sample(RandomKey(20), CategoricalSampler::from_logits(weights.log() + 100.0), draw_count);
  CHECK((from_logits != 1.0).all());
  CHECK(chi_square_p_value(from_logits, 3, pmf) > 1e-3);
  CHECK((sample(RandomKey(21), CategoricalSampler::from_probs(Eigen::ArrayXd::Constant(1, 2.0)), 50) == 0.0).all());
}

TEST_CASE("von mises draws have mean cosine I1(k) / I0(k) and mean sine 0, from tiny to large concentrations") {
  for (double concentration : {1e-6, 0.5, 4.0, 1e4}) {
    CAPTURE(concentration);
    double loc = 3.0;  // near pi, so draws wrap around to -pi
    auto draws = sample(RandomKey(22), VonMisesSampler(loc, concentration), draw_count);
    CHECK(((draws >= -std::numbers::pi) && (draws < std::numbers::pi)).all());
    // A = E cos(t - loc) = I1 / I0; with cos^2 = (1 + cos 2t) / 2 and
    // I2 = I0 - (2 / k) I1: Var cos = 1 - A / k - A^2, Var sin = A / k.
    double a = special::modified_bessel_i1e(concentration) / special::modified_bessel_i0e(concentration);
    double cos_variance = 1.0 - a / concentration - a * a;
    double sin_variance = a / concentration;
    CHECK(std::abs((draws - loc).cos().mean() - a) < standard_errors * std::sqrt(cos_variance / draw_count));
    CHECK(std::abs((draws - loc).sin().mean()) < standard_errors * std::sqrt(sin_variance / draw_count));
  }
}

TEST_CASE("von mises draws at concentration 1e8 spread like a normal with variance 1 / k") {
  double concentration = 1e8, loc = -1.0;
  auto draws = sample(RandomKey(23), VonMisesSampler(loc, concentration), draw_count);
  // 1 - cos t = 2 sin^2(t / 2), computed without cancellation; its mean is
  // 1 - I1 / I0 and, as t is nearly N(0, 1 / k), its variance about 1 / (2 k^2).
  Eigen::ArrayXd one_minus_cos = 2.0 * ((draws - loc) / 2.0).sin().square();
  double expected = 1.0 - special::modified_bessel_i1e(concentration) / special::modified_bessel_i0e(concentration);
  double error = std::sqrt(0.5 / draw_count) / concentration;
  CHECK(std::abs(one_minus_cos.mean() - expected) < standard_errors * error);
  CHECK(((draws - loc).abs() < 1e-2).all());
}

TEST_CASE("von mises at concentration 0 is uniform on the circle") {
  auto draws = sample(RandomKey(24), VonMisesSampler(1.0, 0.0), draw_count);
  auto cdf = [](double x) { return (x + std::numbers::pi) / (2.0 * std::numbers::pi); };
  CHECK(kolmogorov_smirnov_statistic(draws, cdf) < 1.95);
}

TEST_CASE("filling from a stream and sampling from a key are reproducible and continue the stream") {
  GammaSampler gamma(2.0, 3.0);
  CHECK((sample(RandomKey(25), gamma, 100) == sample(RandomKey(25), gamma, 100)).all());
  CHECK((sample(RandomKey(25), gamma, 100) != sample(RandomKey(26), gamma, 100)).any());
  RandomStream stream(RandomKey(25));
  Eigen::ArrayXd filled(100);
  fill(stream, gamma, filled.head(40));
  fill(stream, gamma, filled.tail(60));
  CHECK((filled == sample(RandomKey(25), gamma, 100)).all());
}

TEST_CASE("bad parameters throw ppl::Error naming the sampler, the argument and the value") {
  CHECK_THROWS_WITH_AS((void)GammaSampler(-1.0), "gamma sampler: shape must be positive, got -1", Error);
  CHECK_THROWS_WITH_AS((void)GammaSampler(2.0, 0.0), "gamma sampler: rate must be positive, got 0", Error);
  CHECK_THROWS_WITH_AS((void)NormalSampler(0.0, -2.5), "normal sampler: scale must be positive, got -2.5", Error);
  CHECK_THROWS_WITH_AS((void)NormalSampler(std::nan(""), 1.0), "normal sampler: loc must be finite, got nan", Error);
  CHECK_THROWS_WITH_AS((void)UniformSampler(1.0, 1.0), "uniform sampler: high must be greater than low (1), got 1",
                       Error);
  CHECK_THROWS_WITH_AS((void)ExponentialSampler(std::numeric_limits<double>::infinity()),
                       "exponential sampler: rate must be finite, got inf", Error);
  CHECK_THROWS_WITH_AS((void)BetaSampler(1.0, -3.0), "beta sampler: concentration0 must be positive, got -3", Error);
  CHECK_THROWS_WITH_AS((void)StudentTSampler(0.0, 0.0, 1.0), "student t sampler: df must be positive, got 0", Error);
  CHECK_THROWS_WITH_AS((void)VonMisesSampler(0.0, -1.0),
                       "von mises sampler: concentration must be non-negative, got -1", Error);
  CHECK_THROWS_WITH_AS((void)PoissonSampler(-0.5), "poisson sampler: rate must be non-negative, got -0.5", Error);
  CHECK_THROWS_WITH_AS((void)BinomialSampler(-3, 0.5), "binomial sampler: total_count must be non-negative, got -3",
                       Error);
  CHECK_THROWS_WITH_AS((void)BinomialSampler(3, 1.5), "binomial sampler: probs must be in [0, 1], got 1.5", Error);
  CHECK_THROWS_WITH_AS((void)GeometricSampler(0.0), "geometric sampler: probs must be positive, got 0", Error);
  Eigen::ArrayXd bad(3);
  bad << 1.0, -0.5, 2.0;
  CHECK_THROWS_WITH_AS((void)DirichletSampler(bad), "dirichlet sampler: concentration[1] must be positive, got -0.5",
                       Error);
  CHECK_THROWS_WITH_AS(CategoricalSampler::from_probs(bad),
                       "categorical sampler: probs[1] must be non-negative, got -0.5", Error);
  CHECK_THROWS_WITH_AS(CategoricalSampler::from_probs(Eigen::ArrayXd::Zero(2)),
                       "categorical sampler: probs must have a positive element, got all zeros", Error);
  CHECK_THROWS_WITH_AS(
      CategoricalSampler::from_logits(Eigen::ArrayXd::Constant(2, -std::numeric_limits<double>::infinity())),
      "categorical sampler: logits must have a finite element, got all -inf", Error);
}
