// NUTS and static HMC through the model path (a .ppl program, its potential
// in unconstrained space, chains from per-chain keys) on conjugate models
// whose posteriors are known in closed form.
#include <cmath>
#include <memory>

#include "infer/diagnostics/convergence.h"
#include "infer/mcmc/keyed_random_source.h"
#include "infer/mcmc/multi_chain.h"
#include "infer/model_potential.h"
#include "model_chains.h"
#include "runtime_test_support.h"

using namespace ppl;

namespace {

constexpr const char* kNormalMeanModel = R"(
data {
  N: int
  y: real[N]
}
model {
  mu ~ Normal(0, 10)
  plate i in N {
    y ~ Normal(mu, 2)
  }
}
)";

// 20 draws of N(3, 2) rounded to two decimals; they sum to 52.49.
constexpr const char* kNormalMeanData = R"({"N": 20, "y": [0.64, 0.7, 4.34, -1.59, 2.71, -1.51,
  5.2, 3.41, 5.71, 1.99, 3.8, 2.43, 1.52, 3.29, 0.49, 2.29, 4.39, 3.12, 2.18, 7.38]})";

// Gamma(concentration, rate): the prior mean is 3 / 2.
constexpr const char* kGammaPoissonModel = R"(
data {
  N: int
  y: int[N]
}
model {
  lambda ~ Gamma(3, 2)
  plate i in N {
    y ~ Poisson(lambda)
  }
}
)";

// Ten counts summing to 16.
constexpr const char* kGammaPoissonData = R"({"N": 10, "y": [2, 1, 0, 3, 1, 2, 4, 1, 0, 2]})";

struct Moments {
  double mean, sd;
};

// Normal prior N(0, 10^2), known noise sd 2: the posterior precision is
// 1/100 + N/4 and the posterior mean is (sum y / 4) / precision.
Moments normal_mean_posterior() {
  const double precision = 1.0 / 100 + 20.0 / 4;
  return {(52.49 / 4) / precision, 1 / std::sqrt(precision)};
}

// Gamma(3, rate 2) prior, Poisson counts: the posterior is Gamma(3 + sum y, 2 + N),
// with mean a / b and sd sqrt(a) / b.
Moments gamma_poisson_posterior() {
  const double a = 3 + 16, b = 2 + 10;
  return {a / b, std::sqrt(a) / b};
}

// Four chains of 500 warmup and 1000 sampling iterations, initialized at a
// prior draw each; the constrained draws of the model's one latent site.
infer::Chains sample(const test::LoadedProgram& p, infer::SamplerKind kind, std::uint64_t seed) {
  const int chains = 4;
  infer::ChainSettings settings;
  settings.kind = kind;
  settings.num_warmup = 500;
  settings.num_samples = 1000;
  settings.hmc.integration_time = 1.5;
  settings.hmc.step_size_jitter = 0.2;
  test::ModelChains run = test::run_model_chains(p, settings, seed, chains);
  auto& potentials = run.potentials;
  auto& results = run.results;
  infer::Chains draws(chains);
  for (int c = 0; c < chains; ++c) {
    REQUIRE(potentials[c]->dimension() == 1);
    int divergences = 0;
    for (const infer::DrawStats& s : results[c].stats) divergences += s.divergent;
    CHECK(divergences == 0);
    for (Eigen::Index i = 0; i < results[c].draws.rows(); ++i)
      draws[c].push_back(potentials[c]->constrained_values(results[c].draws.row(i).transpose())[0][0]);
  }
  return draws;
}

double mean_of(const infer::Chains& chains) {
  double sum = 0;
  size_t n = 0;
  for (const auto& chain : chains)
    for (double v : chain) sum += v, ++n;
  return sum / n;
}

// (x - center)^2 per draw: its mean estimates the variance when center is the true mean.
infer::Chains squared_deviations(const infer::Chains& chains, double center) {
  infer::Chains out = chains;
  for (auto& chain : out)
    for (double& v : chain) v = (v - center) * (v - center);
  return out;
}

// The mean within 4 MCSE of the posterior mean, the variance (the mean of
// squared deviations from the posterior mean) within 4 of its MCSE of the
// posterior variance, and R-hat below 1.01.
void check_posterior(const infer::Chains& draws, Moments expected) {
  CHECK(infer::split_rhat(draws) < 1.01);
  CHECK(std::abs(mean_of(draws) - expected.mean) < 4 * infer::mcse_mean(draws));
  infer::Chains squares = squared_deviations(draws, expected.mean);
  CHECK(std::abs(mean_of(squares) - expected.sd * expected.sd) < 4 * infer::mcse_mean(squares));
}

// Two samplers' estimates of a mean agree within 4 combined MCSE.
void check_agreement(const infer::Chains& a, const infer::Chains& b) {
  double combined = std::hypot(infer::mcse_mean(a), infer::mcse_mean(b));
  CHECK(std::abs(mean_of(a) - mean_of(b)) < 4 * combined);
}

}  // namespace

TEST_CASE("NUTS on a normal mean with known variance recovers the conjugate posterior") {
  auto p = test::load(kNormalMeanModel, kNormalMeanData);
  check_posterior(sample(p, infer::SamplerKind::Nuts, 21), normal_mean_posterior());
}

TEST_CASE("NUTS on a Poisson rate with a Gamma prior recovers the Gamma posterior") {
  auto p = test::load(kGammaPoissonModel, kGammaPoissonData);
  check_posterior(sample(p, infer::SamplerKind::Nuts, 22), gamma_poisson_posterior());
}

TEST_CASE("static HMC agrees with the closed form and with NUTS on both models") {
  struct Case {
    const char* model;
    const char* data;
    Moments posterior;
  };
  for (const Case& c : {Case{kNormalMeanModel, kNormalMeanData, normal_mean_posterior()},
                        Case{kGammaPoissonModel, kGammaPoissonData, gamma_poisson_posterior()}}) {
    CAPTURE(c.posterior.mean);
    auto p = test::load(c.model, c.data);
    infer::Chains nuts = sample(p, infer::SamplerKind::Nuts, 31);
    infer::Chains hmc = sample(p, infer::SamplerKind::StaticHmc, 32);
    check_posterior(hmc, c.posterior);
    check_agreement(nuts, hmc);
    check_agreement(squared_deviations(nuts, c.posterior.mean),
                    squared_deviations(hmc, c.posterior.mean));
  }
}
