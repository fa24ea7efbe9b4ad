// Supports whose bounds are computed from other latent sites, and prior
// draws that put an argument outside its domain.
#include <cmath>
#include <memory>

#include "infer/diagnostics/convergence.h"
#include "infer/init_strategy.h"
#include "infer/model_potential.h"
#include "model_chains.h"
#include "runtime_test_support.h"

using namespace ppl;

namespace {

// a ~ Uniform(0, 1), b ~ Uniform(0, a): p(a, b) = 1 / a on 0 < b < a < 1,
// so a ~ Uniform(0, 1) again and E[b] = 1/4, var(b) = 1/9 - 1/16 = 7/144.
const char* kNested = "model {\n  a ~ Uniform(0, 1)\n  b ~ Uniform(0, a)\n}\n";

double logistic(double u) { return 1 / (1 + std::exp(-u)); }

}  // namespace

TEST_CASE("a support that moves with another site: the potential follows its bounds") {
  auto p = test::load(kNested);
  infer::ModelPotential potential(p.program, p.data, RandomKey(1));
  REQUIRE(potential.layout().sites().size() == 2);
  CHECK_FALSE(potential.layout().sites()[0].moving_support);
  CHECK(potential.layout().sites()[1].moving_support);
  for (auto [ua, ub] : {std::pair{0.3, -1.2}, std::pair{-2.0, 0.7}, std::pair{1.5, 2.5}}) {
    Eigen::VectorXd q(2), g;
    q << ua, ub;
    double a = logistic(ua), b = a * logistic(ub);
    // -log p(a, b) - log|da/dua| - log|db/dub| with b = a * sigmoid(ub).
    double expected = std::log(a) - std::log(a * (1 - a)) -
                      std::log(a * logistic(ub) * (1 - logistic(ub)));
    CHECK(potential(q, g) == doctest::Approx(expected).epsilon(1e-10));
    // The gradient by central differences.
    for (int k = 0; k < 2; ++k) {
      Eigen::VectorXd plus = q, minus = q, unused;
      plus[k] += 1e-6;
      minus[k] -= 1e-6;
      double fd = (potential(plus, unused) - potential(minus, unused)) / 2e-6;
      CHECK(g[k] == doctest::Approx(fd).epsilon(1e-5));
    }
    auto values = potential.constrained_values(q);
    CHECK(values[1][0] == doctest::Approx(b).epsilon(1e-12));
  }
}

TEST_CASE("NUTS on a support that moves with another site recovers its posterior") {
  // With the bijection of the first run's bounds, b could never leave (0, a0).
  auto p = test::load(kNested);
  const int chains = 4;
  infer::ChainSettings settings;
  settings.num_warmup = 500;
  settings.num_samples = 1000;
  test::ModelChains run = test::run_model_chains(p, settings, 2, chains);
  auto& potentials = run.potentials;
  auto& results = run.results;
  infer::Chains b(chains), deviations(chains);
  double max_b = 0;
  for (int c = 0; c < chains; ++c)
    for (Eigen::Index i = 0; i < results[c].draws.rows(); ++i) {
      double v = potentials[c]->constrained_values(results[c].draws.row(i).transpose())[1][0];
      b[c].push_back(v);
      deviations[c].push_back((v - 0.25) * (v - 0.25));
      max_b = std::max(max_b, v);
    }
  auto mean_of = [](const infer::Chains& draws) {
    double sum = 0;
    size_t n = 0;
    for (const auto& chain : draws)
      for (double v : chain) sum += v, ++n;
    return sum / n;
  };
  CHECK(infer::split_rhat(b) < 1.01);
  CHECK(std::abs(mean_of(b) - 0.25) < 4 * infer::mcse_mean(b));
  CHECK(std::abs(mean_of(deviations) - 7.0 / 144) < 4 * infer::mcse_mean(deviations));
  CHECK(max_b > 0.8);
}

TEST_CASE("a prior draw outside an argument's domain is retried, not an error") {
  // s is used as a scale; about 16% of its prior draws are negative.
  auto p = test::load("model {\n  s ~ Normal(1, 1)\n  y ~ Normal(0, s) obs 0.5\n}\n");
  for (uint64_t seed = 0; seed < 40; ++seed) {
    infer::ModelPotential potential(p.program, p.data, RandomKey(seed));
    for (const char* init : {"uniform", "median", "sample"}) {
      Eigen::VectorXd q = infer::initial_point(potential, infer::parse_init_strategy(init),
                                               RandomKey(seed + 100));
      Eigen::VectorXd g;
      CHECK(std::isfinite(potential(q, g)));
      CHECK(q[0] > 0);
    }
  }
}

TEST_CASE("an observed value outside its support is named with its element") {
  auto p = test::load("data {\n  N: int\n  y: int[N]\n}\nmodel {\n  p ~ Uniform(0, 1)\n"
                      "  plate i in N {\n    y ~ Bernoulli(p)\n  }\n}\n",
                      R"({"N": 4, "y": [0, 1, 2, 1]})");
  infer::ModelPotential potential(p.program, p.data, RandomKey(1));
  Eigen::VectorXd q = Eigen::VectorXd::Zero(1);
  std::vector<std::string> sites = potential.non_finite_sites(q);
  REQUIRE(sites.size() == 1);
  CHECK(sites[0] == "y (2 at element [2] is outside Bernoulli's support boolean)");
}
