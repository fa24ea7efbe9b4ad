// HMC and NUTS on targets with known moments: means and variances within 4
// Monte Carlo standard errors, R-hat below 1.01, divergences counted not fatal.
#include <doctest/doctest.h>

#include <cmath>

#include "infer/diagnostics/convergence.h"
#include "infer/mcmc/chain.h"
#include "infer/mcmc/keyed_random_source.h"
#include "infer/mcmc/multi_chain.h"
#include "infer/mcmc/warmup_windows.h"
#include "test_random_source.h"

namespace {

using namespace ppl::infer;

// A 10-dim Gaussian with scales from 0.5 to 5 and correlation 0.9^|i-j|.
struct CorrelatedGaussian {
  Eigen::MatrixXd covariance;
  Eigen::MatrixXd precision;
  CorrelatedGaussian() {
    const int d = 10;
    covariance.resize(d, d);
    for (int i = 0; i < d; ++i)
      for (int j = 0; j < d; ++j)
        covariance(i, j) = std::pow(0.9, std::abs(i - j)) * (0.5 + 0.5 * i) * (0.5 + 0.5 * j);
    precision = covariance.inverse();
  }
  PotentialFunction potential() const {
    return [this](const Eigen::VectorXd& q, Eigen::VectorXd& gradient) {
      gradient = precision * q;
      return 0.5 * q.dot(gradient);
    };
  }
};

std::vector<ChainResult> run_chains(const PotentialFunction& potential, Eigen::Index dimension,
                                    const ChainSettings& settings, int chains) {
  std::vector<ChainResult> results;
  for (int c = 0; c < chains; ++c) {
    ppl::test::MersenneSource random(1234 + 17 * c);
    Eigen::VectorXd start = Eigen::VectorXd::Constant(dimension, 0.5 - 0.3 * c);
    results.push_back(run_chain(start, potential, random, settings));
  }
  return results;
}

Chains column(const std::vector<ChainResult>& results, Eigen::Index j,
              double (*transform)(double) = nullptr) {
  Chains chains;
  for (const ChainResult& r : results) {
    std::vector<double> draws(r.draws.rows());
    for (Eigen::Index i = 0; i < r.draws.rows(); ++i)
      draws[i] = transform ? transform(r.draws(i, j)) : r.draws(i, j);
    chains.push_back(draws);
  }
  return chains;
}

double square(double x) { return x * x; }

double mean_of(const Chains& chains) {
  double sum = 0;
  size_t n = 0;
  for (const auto& c : chains)
    for (double v : c) sum += v, ++n;
  return sum / n;
}

// Mean within 4 MCSE of 0 and second moment within 4 MCSE of the variance.
void check_moments(const std::vector<ChainResult>& results, const Eigen::MatrixXd& covariance) {
  for (Eigen::Index j = 0; j < covariance.rows(); ++j) {
    CAPTURE(j);
    Chains x = column(results, j);
    Chains x2 = column(results, j, square);
    CHECK(std::abs(mean_of(x)) < 4 * mcse_mean(x));
    CHECK(std::abs(mean_of(x2) - covariance(j, j)) < 4 * mcse_mean(x2));
    CHECK(split_rhat(x) < 1.01);
  }
}

}  // namespace

TEST_CASE("NUTS with a dense metric recovers a correlated 10-dim Gaussian") {
  CorrelatedGaussian target;
  ChainSettings settings;
  settings.dense_mass = true;
  auto results = run_chains(target.potential(), 10, settings, 4);
  check_moments(results, target.covariance);
  for (const ChainResult& r : results) {
    int divergences = 0;
    for (const DrawStats& s : r.stats) divergences += s.divergent;
    CHECK(divergences == 0);
    // The adapted metric approaches the covariance: the first scale is 0.5^2.
    CHECK(r.metric.inverse_mass_dense()(0, 0) == doctest::Approx(0.25).epsilon(0.3));
  }
}

TEST_CASE("NUTS with a diagonal metric recovers the same Gaussian") {
  CorrelatedGaussian target;
  ChainSettings settings;
  auto results = run_chains(target.potential(), 10, settings, 4);
  check_moments(results, target.covariance);
}

TEST_CASE("static HMC agrees with NUTS on the same target") {
  CorrelatedGaussian target;
  ChainSettings nuts_settings;
  nuts_settings.dense_mass = true;
  ChainSettings hmc_settings = nuts_settings;
  hmc_settings.kind = SamplerKind::StaticHmc;
  hmc_settings.hmc.integration_time = 2.0;
  hmc_settings.hmc.step_size_jitter = 0.2;
  auto nuts = run_chains(target.potential(), 10, nuts_settings, 4);
  auto hmc = run_chains(target.potential(), 10, hmc_settings, 4);
  check_moments(hmc, target.covariance);
  for (Eigen::Index j = 0; j < 10; ++j) {
    CAPTURE(j);
    Chains a = column(nuts, j, square), b = column(hmc, j, square);
    double combined = std::hypot(mcse_mean(a), mcse_mean(b));
    CHECK(std::abs(mean_of(a) - mean_of(b)) < 4 * combined);
  }
}

TEST_CASE("dual averaging drives the acceptance statistic to its target") {
  // During the final fast interval the iterates' acceptance tracks the
  // target; the averaged step used for sampling is a little smaller, so
  // sampling accepts at least as often (as in Stan).
  PotentialFunction standard_normal = [](const Eigen::VectorXd& q, Eigen::VectorXd& g) {
    g = q;
    return 0.5 * q.squaredNorm();
  };
  for (double target : {0.65, 0.8, 0.9}) {
    ChainSettings settings;
    settings.target_accept = target;
    auto results = run_chains(standard_normal, 5, settings, 2);
    double warmup_tail = 0, sampling = 0;
    int n_tail = 0, n_sampling = 0;
    for (const ChainResult& r : results) {
      for (int i = 950; i < 1000; ++i) warmup_tail += r.warmup_stats[i].accept_stat, ++n_tail;
      for (const DrawStats& s : r.stats) sampling += s.accept_stat, ++n_sampling;
    }
    CAPTURE(target);
    CHECK(std::abs(warmup_tail / n_tail - target) < 0.05);
    CHECK(sampling / n_sampling > target - 0.05);
  }
}

TEST_CASE("a potential that is infinite beyond a wall gives divergences, not a crash") {
  // A standard normal truncated to x < 1: the density is zero beyond the wall.
  PotentialFunction truncated = [](const Eigen::VectorXd& q, Eigen::VectorXd& g) {
    g = q;
    if (q[0] >= 1.0) return std::numeric_limits<double>::infinity();
    return 0.5 * q.squaredNorm();
  };
  ChainSettings settings;
  settings.num_warmup = 300;
  settings.num_samples = 500;
  ppl::test::MersenneSource random(7);
  ChainResult r = run_chain(Eigen::VectorXd::Zero(2), truncated, random, settings);
  int divergences = 0;
  for (const DrawStats& s : r.stats) divergences += s.divergent;
  CHECK(divergences > 0);
  CHECK(r.draws.col(0).maxCoeff() < 1.0);
  CHECK(r.gradient_evaluations > 0);
}

TEST_CASE("warmup windows follow Stan's schedule") {
  WarmupWindows standard(1000);
  CHECK(standard.window_ends() == std::vector<int>{99, 149, 249, 449, 949});
  CHECK_FALSE(standard.collects(74));
  CHECK(standard.collects(75));
  CHECK(standard.collects(949));
  CHECK_FALSE(standard.collects(950));
  WarmupWindows short_warmup(100);  // 15 + 75 + 10
  CHECK(short_warmup.window_ends() == std::vector<int>{89});
  CHECK(short_warmup.collects(15));
  CHECK_FALSE(short_warmup.collects(14));
  WarmupWindows tiny(10);
  CHECK_FALSE(tiny.adapts_metric());
}

TEST_CASE("chains give bit-identical draws whatever the number of threads") {
  CorrelatedGaussian target;
  ChainSettings settings;
  settings.num_warmup = 200;
  settings.num_samples = 200;
  auto make_chain = [&](int c) {
    return ChainInputs{Eigen::VectorXd::Constant(10, 0.1 * c), target.potential(),
                       std::make_unique<KeyedRandomSource>(chain_key(2026, c))};
  };
  auto one = run_chains(4, 1, make_chain, settings);
  auto four = run_chains(4, 4, make_chain, settings);
  REQUIRE(one.size() == 4);
  for (int c = 0; c < 4; ++c) {
    CHECK(one[c].draws == four[c].draws);
    CHECK(one[c].step_size == four[c].step_size);
  }
  CHECK(one[0].draws != one[1].draws);
}

TEST_CASE("an error in one chain is reported after the others stop") {
  ChainSettings settings;
  settings.num_warmup = 10;
  settings.num_samples = 10;
  auto make_chain = [](int c) {
    PotentialFunction bad = [](const Eigen::VectorXd& q, Eigen::VectorXd& g) {
      g = q;
      return std::numeric_limits<double>::quiet_NaN();
    };
    PotentialFunction good = [](const Eigen::VectorXd& q, Eigen::VectorXd& g) {
      g = q;
      return 0.5 * q.squaredNorm();
    };
    return ChainInputs{Eigen::VectorXd::Zero(2), c == 1 ? bad : good,
                       std::make_unique<ppl::test::MersenneSource>(c)};
  };
  CHECK_THROWS_WITH(run_chains(3, 2, make_chain, settings),
                    "the log density is not finite at the initial point");
}
