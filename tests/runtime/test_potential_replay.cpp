// The potential replays its recorded tape (ad/tape.h) once that has matched
// the interpreter at a few points: on every model in models/ the replayed
// potential and gradient equal the interpreter's at new points; a model that
// branches on, compares or indexes by a latent value keeps the interpreter.
#include <cmath>
#include <random>
#include <string>

#include "infer/model_potential.h"
#include "runtime_test_support.h"

using namespace ppl;

namespace {

Eigen::VectorXd random_point(Eigen::Index dimension, std::mt19937& generator) {
  std::uniform_real_distribution<double> coordinate(-1.5, 1.5);
  Eigen::VectorXd q(dimension);
  for (Eigen::Index i = 0; i < q.size(); ++i) q[i] = coordinate(generator);
  return q;
}

// Eight points: the first ones record and verify, the rest are replayed and
// compared with a run of the interpreter at the same point.
void check_replay_matches_interpreter(const test::LoadedProgram& p, unsigned seed) {
  infer::ModelPotential potential(p.program, p.data, RandomKey(seed));
  std::mt19937 generator(seed);
  for (int point = 0; point < 8; ++point) {
    CAPTURE(point);
    const Eigen::VectorXd q = random_point(potential.dimension(), generator);
    Eigen::VectorXd gradient, interpreted_gradient;
    const double u = potential(q, gradient);
    const double interpreted =
        potential.evaluate(q, interpreted_gradient, potential.scans_scored_in_parallel());
    REQUIRE(std::isfinite(interpreted));
    CHECK(u == doctest::Approx(interpreted).epsilon(1e-12));
    for (Eigen::Index i = 0; i < q.size(); ++i) {
      CAPTURE(i);
      CHECK(gradient[i] == doctest::Approx(interpreted_gradient[i]).epsilon(1e-10).scale(1.0));
    }
  }
  CHECK(potential.replays_tape());
}

// Whether the potential replays its tape after eight points, and whether it
// replays it compiled (ad/compiled_tape.h).
struct ReplayAfterEightPoints {
  bool replays = false;
  bool compiled = false;
};
ReplayAfterEightPoints after_eight_points(const test::LoadedProgram& p) {
  infer::ModelPotential potential(p.program, p.data, RandomKey(1));
  std::mt19937 generator(1);
  Eigen::VectorXd gradient;
  for (int point = 0; point < 8; ++point)
    potential(random_point(potential.dimension(), generator), gradient);
  return {potential.replays_tape(), potential.replays_compiled_tape()};
}
bool replays_after_eight_points(const test::LoadedProgram& p) {
  return after_eight_points(p).replays;
}
bool compiles_after_eight_points(const test::LoadedProgram& p) {
  return after_eight_points(p).compiled;
}

}  // namespace

TEST_CASE("replay: eight schools, centered and non-centered") {
  check_replay_matches_interpreter(
      test::load_file("eight_schools_centered.ppl", "eight_schools.data.json"), 1);
  check_replay_matches_interpreter(
      test::load_file("eight_schools_noncentered.ppl", "eight_schools.data.json"), 2);
}

TEST_CASE("replay: scans scored in parallel and step by step") {
  check_replay_matches_interpreter(test::load_file("seed000_inside_scan.ppl", "seed000.data.json"), 3);
  check_replay_matches_interpreter(
      test::load(test::model_source("seed001_state_space_partial.ppl"),
                 R"({"T": 5, "y": [0.4, 50.0, 1.1, 0.8, -50.0],
                     "observed": [true, false, false, true, false]})"),
      4);
  check_replay_matches_interpreter(
      test::load(test::model_source("seed001_state_space_with_drift.ppl"),
                 R"({"T": 5, "y": [0.4, -0.3, 1.1, 0.8, -0.6], "phi": 0.8, "beta": 0.5})"),
      5);
}

TEST_CASE("replay: factors, improper sites and the deep Markov model") {
  check_replay_matches_interpreter(test::load_file("seed002_model_factor.ppl"), 6);
  check_replay_matches_interpreter(test::load_file("seed002_model_factor_improper.ppl"), 7);
  check_replay_matches_interpreter(test::small_deep_markov_model(), 8);
}

TEST_CASE("replay: choices that depend on a latent value keep the interpreter") {
  // A branch on the latent x.
  CHECK_FALSE(replays_after_eight_points(test::load(R"(
model {
  x ~ Normal(0, 1)
  if x > 0 {
    y ~ Normal(x, 1)
  } else {
    y ~ Normal(-x, 2)
  }
}
)")));
  // A mask from a comparison: where() with a fixed mask would be wrong on the other side.
  CHECK_FALSE(replays_after_eight_points(test::load(R"(
model {
  x ~ Normal(0, 1)
  y ~ Normal(where(x > 0, x, 0.5 * x), 1)
}
)")));
  CHECK_FALSE(replays_after_eight_points(test::load(R"(
model {
  x ~ Normal(0, 1)
  y ~ Normal(maximum(x, 0.0), 1)
}
)")));
  // Without such a choice the same kind of model replays.
  CHECK(replays_after_eight_points(test::load(R"(
model {
  x ~ Normal(0, 1)
  y ~ Normal(where(x * 0 + 1, x, 0.5 * x), 1)
}
)")));
}

TEST_CASE("replay: a point with a non-finite gradient neither records nor fails the checks") {
  // At x = 0 the gradient of sqrt(x * x) is inf * 0 = NaN in the interpreter and in a replay.
  auto p = test::load(R"(
model {
  x ~ Normal(0, 1)
  factor bump = sqrt(x * x)
}
)");
  infer::ModelPotential potential(p.program, p.data, RandomKey(1));
  Eigen::VectorXd gradient;
  const Eigen::VectorXd zero = Eigen::VectorXd::Zero(1);
  CHECK(std::isfinite(potential(zero, gradient)));
  CHECK_FALSE(gradient.allFinite());
  for (double x : {0.5, -0.7}) potential(Eigen::VectorXd::Constant(1, x), gradient);
  CHECK(std::isfinite(potential(zero, gradient)));  // a check point: skipped
  for (double x : {0.3, 1.2, -0.4}) potential(Eigen::VectorXd::Constant(1, x), gradient);
  CHECK(potential.replays_tape());
  CHECK(potential(Eigen::VectorXd::Constant(1, 2.0), gradient) ==
        doctest::Approx(0.5 * 4.0 + 0.5 * std::log(2 * M_PI) - 2.0).epsilon(1e-14));
  CHECK(gradient[0] == doctest::Approx(2.0 - 1.0).epsilon(1e-14));
}

TEST_CASE("replay: a distribution argument outside its domain gives +inf, as in the interpreter") {
  // Gamma's concentration a + 1 and Uniform's bounds (lo, lo + w - 1) leave
  // their domains for some values of the latent a and w.
  auto p = test::load(R"(
model {
  a ~ Normal(0, 1)
  w ~ Normal(2, 1)
  x ~ Gamma(a + 1.0, 1.0)
  y ~ Uniform(0.0, w - 1.0)
}
)");
  infer::ModelPotential potential(p.program, p.data, RandomKey(3));
  // Unconstrained coordinates: a, w, log x, logit of y / (w - 1).
  auto at = [](double a, double w) {
    Eigen::VectorXd q(4);
    q << a, w, 0.2, -0.3;
    return q;
  };
  Eigen::VectorXd gradient, interpreted_gradient;
  for (double a : {0.1, 0.4, -0.2, 0.7, 0.3}) potential(at(a, 2.5 + a), gradient);
  REQUIRE(potential.replays_tape());
  for (auto [a, w] : {std::pair{-2.0, 2.5}, std::pair{0.5, 0.5}, std::pair{-1.5, 0.8}}) {
    CAPTURE(a);
    CAPTURE(w);
    CHECK(potential.evaluate(at(a, w), interpreted_gradient, false) ==
          std::numeric_limits<double>::infinity());
    CHECK(potential(at(a, w), gradient) == std::numeric_limits<double>::infinity());
  }
  const double valid = potential(at(0.2, 3.0), gradient);
  CHECK(valid == doctest::Approx(potential.evaluate(at(0.2, 3.0), interpreted_gradient, false))
                     .epsilon(1e-12));
}

TEST_CASE("replay: a covariance matrix that stops being positive definite gives +inf") {
  // Unit variances and correlation r: positive definite only for |r| < 1.
  auto p = test::load(R"(
model {
  r ~ Normal(0, 1)
  y ~ MultivariateNormal(zeros([2]), covariance_matrix=eye(2) + r * (ones([2, 2]) - eye(2)))
}
)");
  infer::ModelPotential potential(p.program, p.data, RandomKey(4));
  auto at = [](double r) {
    Eigen::VectorXd q(3);
    q << r, 0.3, -0.2;
    return q;
  };
  Eigen::VectorXd gradient, interpreted_gradient;
  for (double r : {0.1, -0.3, 0.5, 0.2, -0.6}) potential(at(r), gradient);
  REQUIRE(potential.replays_tape());
  for (double r : {1.5, -2.0}) {
    CAPTURE(r);
    CHECK(potential.evaluate(at(r), interpreted_gradient, false) ==
          std::numeric_limits<double>::infinity());
    CHECK(potential(at(r), gradient) == std::numeric_limits<double>::infinity());
  }
  CHECK(potential(at(0.4), gradient) ==
        doctest::Approx(potential.evaluate(at(0.4), interpreted_gradient, false)).epsilon(1e-12));
}


TEST_CASE("replay: eight schools runs as a compiled tape; a model of large nodes does not") {
  CHECK(compiles_after_eight_points(
      test::load_file("eight_schools_centered.ppl", "eight_schools.data.json")));
  CHECK(compiles_after_eight_points(
      test::load_file("eight_schools_noncentered.ppl", "eight_schools.data.json")));
  // 300 rows: more than CompiledTape::kMaxElements.
  std::string rows = "[";
  for (int i = 0; i < 300; ++i) rows += (i ? ", " : "") + std::to_string(0.01 * i);
  rows += "]";
  CHECK_FALSE(compiles_after_eight_points(test::load(R"(
data {
  N: int
  y: real[N]
}
model {
  mu ~ Normal(0, 1)
  plate i in N {
    y ~ Normal(mu, 1)
  }
}
)",
                                                     R"({"N": 300, "y": )" + rows + "}")));
}

TEST_CASE("replay: a recurrence of one-element steps runs as a compiled tape") {
  // GARCH(1, 1) as in posteriordb's garch11, 12 steps.
  const auto p = test::load(R"(
data {
  T: int
  y: real[T]
  sigma1: real
}
model {
  mu ~ ImproperUniform(real, [], [])
  alpha0 ~ ImproperUniform(positive, [], [])
  alpha1 ~ Uniform(0, 1)
  beta1 ~ ImproperUniform(interval(0, 1 - alpha1), [], [])
  y0 ~ Normal(mu, sigma1) obs y[0]
  scan t in 1:T carry (s = sigma1) {
    let s_next = sqrt(alpha0 + alpha1 * square(y[t - 1] - mu) + beta1 * square(s))
    y_t ~ Normal(mu, s_next) obs y[t]
    s = s_next
  }
}
)",
                            R"({"T": 12, "sigma1": 0.6,
                                "y": [0.3, -0.5, 1.2, 0.1, -0.9, 0.4, 0.8, -0.2, 0.0, 1.5, -1.1, 0.6]})");
  check_replay_matches_interpreter(p, 9);
  infer::ModelPotential potential(p.program, p.data, RandomKey(9));
  std::mt19937 generator(9);
  Eigen::VectorXd gradient;
  for (int point = 0; point < 8; ++point)
    potential(random_point(potential.dimension(), generator), gradient);
  CHECK(potential.replays_compiled_tape());
}

TEST_CASE("replay: a scan scored in one pass runs as a compiled tape") {
  // Seed 001's state-space model, T = 40: its carries [x0, x_0, ..., x_38]
  // are one concatenation, which the compiled program copies in place.
  std::string y = "[";
  for (int t = 0; t < 40; ++t) y += (t ? ", " : "") + std::to_string(std::sin(0.3 * t));
  y += "]";
  const auto p =
      test::load(test::model_source("seed001_state_space.ppl"), R"({"T": 40, "y": )" + y + "}");
  check_replay_matches_interpreter(p, 10);
  CHECK(compiles_after_eight_points(p));
  // Near the posterior too (small scales, a path close to the data), where
  // a sampler spends its time, and not only at random points.
  infer::ModelPotential potential(p.program, p.data, RandomKey(10));
  std::mt19937 generator(10);
  Eigen::VectorXd gradient, interpreted_gradient;
  for (int point = 0; point < 8; ++point)
    potential(random_point(potential.dimension(), generator), gradient);
  REQUIRE(potential.replays_compiled_tape());
  std::normal_distribution<double> jitter(0.0, 0.1);
  for (int point = 0; point < 4; ++point) {
    Eigen::VectorXd q(potential.dimension());
    // phi, q, r and x0 first, then the path x.
    for (Eigen::Index i = 0; i < q.size(); ++i)
      q[i] = (i < 4 ? -1.5 : std::sin(0.3 * static_cast<double>(i - 4))) + jitter(generator);
    const double u = potential(q, gradient);
    const double interpreted = potential.evaluate(q, interpreted_gradient, true);
    CHECK(u == doctest::Approx(interpreted).epsilon(1e-12));
    for (Eigen::Index i = 0; i < q.size(); ++i) {
      CAPTURE(i);
      CHECK(gradient[i] == doctest::Approx(interpreted_gradient[i]).epsilon(1e-10).scale(1.0));
    }
  }
}

TEST_CASE("replay: a compiled tape gives +inf where a scale leaves its domain") {
  auto p = test::load(R"(
model {
  b ~ Normal(0, 1)
  y ~ Normal(0, b + 1.0) obs 0.5
}
)");
  infer::ModelPotential potential(p.program, p.data, RandomKey(5));
  Eigen::VectorXd gradient, interpreted_gradient;
  for (double b : {0.1, 0.4, -0.2, 0.7, 0.3}) potential(Eigen::VectorXd::Constant(1, b), gradient);
  REQUIRE(potential.replays_compiled_tape());
  const Eigen::VectorXd outside = Eigen::VectorXd::Constant(1, -1.5);
  CHECK(potential.evaluate(outside, interpreted_gradient, false) ==
        std::numeric_limits<double>::infinity());
  CHECK(potential(outside, gradient) == std::numeric_limits<double>::infinity());
  // -log N(0.5 | 0, 1.2) - log N(0.2 | 0, 1)
  const double expected = 0.5 * std::pow(0.5 / 1.2, 2) + std::log(1.2) + 0.5 * 0.04 + std::log(2 * M_PI);
  CHECK(potential(Eigen::VectorXd::Constant(1, 0.2), gradient) == doctest::Approx(expected).epsilon(1e-14));
  // d/db: -(0.25 / 1.2^3) + 1 / 1.2 + 0.2
  CHECK(gradient[0] == doctest::Approx(-0.25 / std::pow(1.2, 3) + 1.0 / 1.2 + 0.2).epsilon(1e-13));
}

TEST_CASE("replay: constrained values of latent, moving-support and deterministic sites") {
  // Eight schools has a deterministic site; the second model a support that
  // moves with another latent value and a deterministic site computed from both.
  const test::LoadedProgram programs[] = {
      test::load_file("eight_schools_noncentered.ppl", "eight_schools.data.json"),
      test::load(R"(
model {
  a ~ Uniform(0, 1)
  b ~ ImproperUniform(interval(0, 1 - a), [], [])
  deterministic c = a * 2 + b
}
)")};
  for (const test::LoadedProgram& p : programs) {
    infer::ModelPotential potential(p.program, p.data, RandomKey(2));
    std::mt19937 generator(2);
    for (int point = 0; point < 8; ++point) {
      CAPTURE(point);
      const Eigen::VectorXd q = random_point(potential.dimension(), generator);
      const std::vector<std::vector<double>> values = potential.constrained_values(q);
      // A new potential's first call runs the interpreter.
      infer::ModelPotential fresh(p.program, p.data, RandomKey(2));
      const std::vector<std::vector<double>> interpreted = fresh.constrained_values(q);
      REQUIRE(values.size() == interpreted.size());
      for (size_t k = 0; k < values.size(); ++k) {
        REQUIRE(values[k].size() == interpreted[k].size());
        for (size_t i = 0; i < values[k].size(); ++i)
          CHECK(values[k][i] == doctest::Approx(interpreted[k][i]).epsilon(1e-14));
      }
    }
    CHECK(potential.replays_values());
  }
  // A value-dependent choice keeps the interpreter.
  const auto branching = test::load(R"(
model {
  x ~ Normal(0, 1)
  deterministic y = where(x > 0, x, -x)
}
)");
  infer::ModelPotential potential(branching.program, branching.data, RandomKey(3));
  for (double x : {0.5, -0.3, 0.2, -1.0, 0.7})
    CHECK(potential.constrained_values(Eigen::VectorXd::Constant(1, x))[1][0] == std::abs(x));
  CHECK_FALSE(potential.replays_values());
}

TEST_CASE("replay: a Normal likelihood written as array operations equals the Normal plate's") {
  // The factor's sum is rewritten on the tape (ad/algebraic_sums.h), x^2
  // recorded as square(x): the potential and its gradient stay those of the
  // plate of Normal sites, in the interpreter and on replay.
  std::string y;
  for (int i = 0; i < 2000; ++i)
    y += (i ? ", " : "") + std::to_string(1.5 + 2.0 * std::sin(0.7 * i) + 0.01 * (i % 13));
  const std::string data = R"({"N": 2000, "y": [)" + y + "]}";
  const std::string header = "data {\n  N: int\n  y: real[N]\n}\nmodel {\n"
                             "  mu ~ Normal(0, 10)\n  sigma ~ HalfNormal(5)\n";
  const auto by_hand = test::load(
      header + "  factor likelihood = sum(-0.5 * ((y - mu) / sigma)^2 - log(sigma) - "
               "0.9189385332046727)\n}\n",
      data);
  const auto by_plate =
      test::load(header + "  plate i in N {\n    y ~ Normal(mu, sigma)\n  }\n}\n", data);
  check_replay_matches_interpreter(by_hand, 9);
  infer::ModelPotential hand(by_hand.program, by_hand.data, RandomKey(1));
  infer::ModelPotential plate(by_plate.program, by_plate.data, RandomKey(1));
  std::mt19937 generator(10);
  for (int point = 0; point < 8; ++point) {
    CAPTURE(point);
    const Eigen::VectorXd q = random_point(hand.dimension(), generator);
    Eigen::VectorXd hand_gradient, plate_gradient;
    const double u = hand(q, hand_gradient);
    CHECK(u == doctest::Approx(plate(q, plate_gradient)).epsilon(1e-12));
    for (Eigen::Index i = 0; i < q.size(); ++i) {
      CAPTURE(i);
      CHECK(hand_gradient[i] == doctest::Approx(plate_gradient[i]).epsilon(1e-10));
    }
  }
  CHECK(hand.replays_tape());
}
