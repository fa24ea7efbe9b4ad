// SVI steps on a replayed tape (infer/elbo/replayed_elbo.h): the replayed
// steps give the interpreter's losses and params step for step, for
// autoguides, vectorized particles and a guide program with scans; programs
// whose step draws more than the recorded noise keep the interpreter.
#include <fmt/format.h>

#include "infer/elbo/replayed_elbo.h"
#include "infer/optim/optimizer.h"
#include "svi_test_support.h"

using namespace ppl;

namespace {

struct TwoRuns {
  std::vector<double> plain, replayed;
  Eigen::VectorXd plain_params, replayed_params;
  bool active = false;
  bool compiled = false;
  bool vectorized = false;  // particles
};

// `steps` Adam steps from the same start, the objective's evaluate against
// the ReplayedElbo's, with the same step keys.
TwoRuns run_both(const test::LoadedProgram& p, std::optional<std::string> autoguide, int steps,
                 infer::ElboSettings elbo = {}, const infer::AutoGuideSettings& settings = {}) {
  std::unique_ptr<test::SviFit> plain = test::fit_with(p, autoguide, settings, 0, "adam:0.01", elbo);
  std::unique_ptr<test::SviFit> fast = test::fit_with(p, autoguide, settings, 0, "adam:0.01", elbo);
  REQUIRE(plain->store.values() == fast->store.values());
  auto plain_optimizer = infer::parse_optimizer("adam:0.01");
  auto fast_optimizer = infer::parse_optimizer("adam:0.01");
  infer::ReplayedElbo replayed(*fast->objective, fast->store);
  TwoRuns runs;
  for (int s = 0; s < steps; ++s) {
    const RandomKey key = fold_in(RandomKey(11), static_cast<uint64_t>(s));
    const infer::ElboObjective::Evaluation a = plain->objective->evaluate(key);
    const infer::ElboObjective::Evaluation b = replayed.evaluate(key);
    plain_optimizer->step(plain->store.values(), a.gradient);
    fast_optimizer->step(fast->store.values(), b.gradient);
    runs.plain.push_back(a.loss);
    runs.replayed.push_back(b.loss);
  }
  runs.plain_params = plain->store.values();
  runs.replayed_params = fast->store.values();
  runs.active = replayed.active();
  runs.compiled = replayed.compiled();
  runs.vectorized = fast->objective->vectorized();
  return runs;
}

void check_same_steps(const TwoRuns& runs) {
  REQUIRE(runs.plain.size() == runs.replayed.size());
  for (size_t s = 0; s < runs.plain.size(); ++s) {
    CAPTURE(s);
    CHECK(runs.replayed[s] == doctest::Approx(runs.plain[s]).epsilon(1e-12));
  }
  for (Eigen::Index i = 0; i < runs.plain_params.size(); ++i)
    CHECK(runs.replayed_params[i] == doctest::Approx(runs.plain_params[i]).epsilon(1e-10));
}

}  // namespace

TEST_CASE("auto_normal on eight schools: replayed steps give the interpreter's losses") {
  auto p = test::load_file("eight_schools_noncentered.ppl", "eight_schools.data.json");
  for (const char* guide : {"auto_normal", "auto_multivariate_normal", "auto_lowrank_multivariate_normal"}) {
    CAPTURE(std::string(guide));
    const TwoRuns runs = run_both(p, guide, 40);
    CHECK(runs.active);
    check_same_steps(runs);
  }
  // auto_normal's step is small enough to run as a compiled program.
  CHECK(run_both(p, "auto_normal", 10).compiled);
}

TEST_CASE("normalizing flows run replayed, their base draw redrawn at each step") {
  auto p = test::load_file("eight_schools_noncentered.ppl", "eight_schools.data.json");
  for (const char* guide : {"auto_iaf_normal", "auto_bnaf_normal"}) {
    CAPTURE(std::string(guide));
    const TwoRuns runs = run_both(p, guide, 12);
    CHECK(runs.active);
    check_same_steps(runs);
  }
}

TEST_CASE("replayed steps with several particles, one by one and vectorized") {
  auto p = test::load_file("eight_schools_noncentered.ppl", "eight_schools.data.json");
  for (const char* estimator : {"trace", "meanfield"}) {
    CAPTURE(estimator);
    infer::ElboSettings elbo = infer::parse_elbo(estimator);
    elbo.particles = 3;
    const TwoRuns runs = run_both(p, "auto_normal", 30, elbo);
    CHECK(runs.active);
    CHECK(runs.vectorized);
    check_same_steps(runs);
  }
  // A scan model's particles, vectorized along the step's batch dims.
  auto scan = test::load(test::model_source("seed001_state_space.ppl"),
                         R"({"T": 5, "y": [0.1, 0.2, -0.3, 0.5, 0.0]})");
  infer::ElboSettings elbo;
  elbo.particles = 4;
  const TwoRuns runs = run_both(scan, "auto_normal", 30, elbo);
  CHECK(runs.active);
  CHECK(runs.vectorized);
  check_same_steps(runs);
}

TEST_CASE("a guide program with scans (the deep Markov model) runs replayed") {
  auto p = test::load_pair_with_data(
      "seed004_dmm.ppl", "seed004_dmm_guide.ppl",
      R"({"T": 3, "N": 2, "D": 2, "Z": 2, "H": 3,
          "x": [[[1, 0], [0, 0]], [[1, 1], [0, 1]], [[0, 1], [1, 0]]]})");
  for (int particles : {1, 3}) {
    CAPTURE(particles);
    infer::ElboSettings elbo;
    elbo.particles = particles;
    const TwoRuns runs = run_both(p, std::nullopt, 25, elbo);
    CHECK(runs.active);
    CHECK_FALSE(runs.compiled);  // its networks' matmuls keep the array replay
    // Several particles run vectorized: the carry starts as zeros([N, Z])
    // and takes the particle dim at the first step.
    CHECK(runs.vectorized == (particles > 1));
    check_same_steps(runs);
  }
}

TEST_CASE("a step that draws more than reparameterized noise keeps the interpreter") {
  SUBCASE("a discrete guide site, scored by its score function") {
    auto p = test::load(R"(
model {
  k ~ Poisson(3)
  y ~ Normal(k, 1) obs 2.5
}
guide {
  param rate: positive = 2.0
  k ~ Poisson(rate)
}
)");
    const TwoRuns runs = run_both(p, std::nullopt, 12);
    CHECK_FALSE(runs.active);
    check_same_steps(runs);
  }
  SUBCASE("a minibatch drawn at every step") {
    std::string y = "[";
    for (int i = 0; i < 40; ++i) y += fmt::format("{}{:.6f}", i ? ", " : "", 2 + 1.5 * std::sin(i));
    auto p = test::load(R"(
data { N: int  y: real[N] }
model {
  mu ~ Normal(0, 10)
  plate rows in N subsample 10 as idx {
    obs_y ~ Normal(mu, 0.5) obs y[idx]
  }
}
)",
                        R"({"N": 40, "y": )" + y + "]}");
    const TwoRuns runs = run_both(p, "auto_normal", 12);
    CHECK_FALSE(runs.active);
    check_same_steps(runs);
  }
  SUBCASE("DAIS's momenta, drawn one after another from one stream") {
    auto p = test::load_file("eight_schools_noncentered.ppl", "eight_schools.data.json");
    const TwoRuns runs = run_both(p, "auto_dais", 6);
    CHECK_FALSE(runs.active);
    check_same_steps(runs);
  }
}
