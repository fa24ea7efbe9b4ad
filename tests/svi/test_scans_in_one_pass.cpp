// The model's scans scored in one pass during SVI (infer/elbo/elbo.h): after
// the first evaluation has agreed with the step-by-step run, each later
// evaluation gives the step-by-step loss and gradient at the same params
// and key; scans that cannot run so, and estimators whose loss is not a plain
// sum over the model's sites, keep the step-by-step run.
#include "svi_test_support.h"

using namespace ppl;

namespace {

// Evaluations at keys 1..n of an objective that decided at key 0, against
// the first (step-by-step) evaluation of a fresh objective at each key, all
// at the initial params. Returns whether the first scored its scans in one pass.
bool check_against_step_by_step(const test::LoadedProgram& p, std::optional<std::string> autoguide,
                                int n, infer::ElboSettings elbo = {}) {
  std::unique_ptr<test::SviFit> decided = test::fit(p, autoguide, 0, "adam:0.01", elbo);
  decided->objective->evaluate(RandomKey(100));
  for (int k = 1; k <= n; ++k) {
    CAPTURE(k);
    const RandomKey key(100 + k);
    std::unique_ptr<test::SviFit> fresh = test::fit(p, autoguide, 0, "adam:0.01", elbo);
    REQUIRE(fresh->store.values() == decided->store.values());
    const infer::ElboObjective::Evaluation plain = fresh->objective->evaluate(key);
    const infer::ElboObjective::Evaluation fast = decided->objective->evaluate(key);
    CHECK(fast.loss == doctest::Approx(plain.loss).epsilon(1e-12));
    REQUIRE(fast.gradient.size() == plain.gradient.size());
    const double scale = 1.0 + plain.gradient.cwiseAbs().maxCoeff();
    CHECK((fast.gradient - plain.gradient).cwiseAbs().maxCoeff() <= 1e-10 * scale);
  }
  return decided->objective->scans_in_one_pass();
}

}  // namespace

TEST_CASE("the deep Markov model's scan is scored in one pass on the guide's stacked draws") {
  auto p = test::load_pair_with_data("seed004_dmm.ppl", "seed004_dmm_guide.ppl",
                                     R"({"T": 4, "N": 3, "D": 2, "Z": 2, "H": 3,
          "x": [[[1, 0], [0, 0], [1, 1]], [[1, 1], [0, 1], [0, 0]],
                [[0, 1], [1, 0], [1, 1]], [[0, 0], [1, 1], [0, 1]]]})");
  CHECK(check_against_step_by_step(p, std::nullopt, 4));
}

TEST_CASE("an autoguide's scan sites are scored in one pass too") {
  auto p = test::load(test::model_source("seed001_state_space.ppl"),
                      R"({"T": 6, "y": [0.1, 0.2, -0.3, 0.5, 0.0, 0.4]})");
  CHECK(check_against_step_by_step(p, "auto_normal", 3));
}

TEST_CASE("a recurrence, a meanfield ELBO and several particles keep the step-by-step run") {
  // The carry is updated by an assignment: each step needs the last.
  auto recurrence = test::load(R"(
data { T: int  y: real[T] }
model {
  a ~ Normal(0, 1)
  scan t in 0:T carry (level = 0.0) {
    level = 0.5 * level + a
    y_t ~ Normal(level, 1) obs y[t]
  }
}
)",
                               R"({"T": 4, "y": [0.3, -0.1, 0.8, 0.2]})");
  CHECK_FALSE(check_against_step_by_step(recurrence, "auto_normal", 2));

  auto state_space = test::load(test::model_source("seed001_state_space.ppl"),
                                R"({"T": 4, "y": [0.1, 0.2, -0.3, 0.5]})");
  CHECK_FALSE(
      check_against_step_by_step(state_space, "auto_normal", 2, infer::parse_elbo("meanfield")));
  infer::ElboSettings particles;
  particles.particles = 2;
  std::unique_ptr<test::SviFit> f =
      test::fit(state_space, "auto_normal", 0, "adam:0.01", particles);
  f->objective->evaluate(RandomKey(1));
  CHECK_FALSE(f->objective->scans_in_one_pass());
}
