// Scans scored in one pass over their steps (runtime/parallel_scan.cpp): the
// potential uses it for every scan model in models/ and gives the potential
// and gradient of the step-by-step run; a body whose arithmetic changes
// meaning with a leading time dim, or whose carry is not a sample site, is
// scored step by step.
#include <cmath>
#include <random>

#include "infer/model_potential.h"
#include "runtime_test_support.h"

using namespace ppl;

namespace {

// Five points uniform on (-1.5, 1.5): the parallel potential and gradient
// equal the step-by-step ones to rounding.
void check_parallel_matches_step_by_step(const test::LoadedProgram& p, unsigned seed) {
  infer::ModelPotential potential(p.program, p.data, RandomKey(seed));
  std::mt19937 generator(seed);
  std::uniform_real_distribution<double> coordinate(-1.5, 1.5);
  for (int point = 0; point < 5; ++point) {
    CAPTURE(point);
    Eigen::VectorXd q(potential.dimension());
    for (Eigen::Index i = 0; i < q.size(); ++i) q[i] = coordinate(generator);
    Eigen::VectorXd step_gradient, parallel_gradient, decided_gradient;
    const double step = potential.evaluate(q, step_gradient, false);
    const double parallel = potential.evaluate(q, parallel_gradient, true);
    REQUIRE(std::isfinite(step));
    CHECK(parallel == doctest::Approx(step).epsilon(1e-12));
    for (Eigen::Index i = 0; i < q.size(); ++i) {
      CAPTURE(i);
      CHECK(parallel_gradient[i] == doctest::Approx(step_gradient[i]).epsilon(1e-10).scale(1.0));
    }
    CHECK(potential(q, decided_gradient) == doctest::Approx(step).epsilon(1e-12));
  }
  CHECK(potential.scans_scored_in_parallel());
}

// The decision taken at the first finite point.
bool decided_parallel(const test::LoadedProgram& p) {
  infer::ModelPotential potential(p.program, p.data, RandomKey(1));
  Eigen::VectorXd q = Eigen::VectorXd::Constant(potential.dimension(), 0.3), gradient;
  REQUIRE(std::isfinite(potential(q, gradient)));
  return potential.scans_scored_in_parallel();
}

}  // namespace

TEST_CASE("parallel scan: the state-space models, y observed fully and in part (masked)") {
  check_parallel_matches_step_by_step(
      test::load(test::model_source("seed001_state_space.ppl"),
                 R"({"T": 6, "y": [0.4, -0.3, 1.1, 0.8, -0.6, 0.2]})"),
      1);
  check_parallel_matches_step_by_step(
      test::load(test::model_source("seed001_state_space_partial.ppl"),
                 R"({"T": 5, "y": [0.4, 50.0, 1.1, 0.8, -50.0],
                     "observed": [true, false, false, true, false]})"),
      3);
}

TEST_CASE("parallel scan: a scan over a sequence without carries") {
  check_parallel_matches_step_by_step(test::load_file("seed000_inside_scan.ppl", "seed000.data.json"),
                                      4);
}

TEST_CASE("parallel scan: the deep Markov model, a plate around the scan and matrices per step") {
  check_parallel_matches_step_by_step(test::small_deep_markov_model(), 5);
}

TEST_CASE("parallel scan: a body that sums its carry over all axes is scored step by step") {
  // sum(z) is one number per step; with a leading time dim it would sum all steps.
  auto p = test::load(R"(
model {
  scan t in 0:4 carry (z = zeros([2])) {
    z ~ Normal(zeros([2]) + 0.5 * sum(z), 1)
  }
}
)");
  CHECK_FALSE(decided_parallel(p));
  infer::ModelPotential potential(p.program, p.data, RandomKey(2));
  Eigen::VectorXd q(8), gradient;
  q << 0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.7, -0.8;
  // Step by step by hand: z_t ~ Normal(0.5 * sum(z_{t-1}) 1, I), z_{-1} = 0.
  double expected = 0, previous_sum = 0;
  for (int t = 0; t < 4; ++t) {
    for (int j = 0; j < 2; ++j) {
      double residual = q[2 * t + j] - 0.5 * previous_sum;
      expected += 0.5 * residual * residual + 0.5 * std::log(2 * M_PI);
    }
    previous_sum = q[2 * t] + q[2 * t + 1];
  }
  CHECK(potential(q, gradient) == doctest::Approx(expected).epsilon(1e-12));
}

TEST_CASE("parallel scan: a carry updated by a let is scored step by step") {
  // The drift model's mu = beta * mu + x is a recurrence of its own.
  CHECK_FALSE(decided_parallel(
      test::load(test::model_source("seed001_state_space_with_drift.ppl"),
                 R"({"T": 5, "y": [0.4, -0.3, 1.1, 0.8, -0.6], "phi": 0.8, "beta": 0.5})")));
  auto p = test::load(R"(
model {
  s ~ HalfNormal(1)
  scan t in 0:3 carry (level = 0.0) {
    z ~ Normal(level, s)
    level = level + z
  }
}
)");
  CHECK_FALSE(decided_parallel(p));
}
