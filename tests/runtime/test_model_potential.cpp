// The potential energy HMC sees for every model in models/ with latent
// continuous sites: its gradient agrees with central finite differences, and
// for eight schools its value is the hand-written log joint plus the
// Jacobian of tau's exp transform.
#include <cmath>
#include <numbers>
#include <random>

#include "handlers/substitute.h"
#include "infer/model_potential.h"
#include "runtime_test_support.h"

using namespace ppl;

namespace {

// Central differences with step h = 1e-5 (1 + |q_i|): the truncation error
// (h^2 / 6 U''') and the rounding error (1e-16 |U| / h) are both far below
// the tolerance, 1e-5 relative to the larger of |dU/dq_i| and 1.
void check_gradient_at(infer::ModelPotential& potential, const Eigen::VectorXd& q) {
  Eigen::VectorXd gradient, unused;
  double u = potential(q, gradient);
  REQUIRE(std::isfinite(u));
  REQUIRE(gradient.size() == q.size());
  for (Eigen::Index i = 0; i < q.size(); ++i) {
    CAPTURE(i);
    double h = 1e-5 * (1.0 + std::abs(q[i]));
    Eigen::VectorXd plus = q, minus = q;
    plus[i] += h;
    minus[i] -= h;
    double finite_difference = (potential(plus, unused) - potential(minus, unused)) / (2 * h);
    CHECK(std::abs(finite_difference - gradient[i]) <=
          1e-5 * std::max(1.0, std::abs(gradient[i])));
  }
}

// mu ~ Normal(0, 5), sigma ~ HalfNormal(3), and the data y [N] scored by
// `likelihood`.
test::LoadedProgram normal_model_with(const std::string& likelihood, const std::string& data) {
  return test::load(R"(data {
  N: int
  y: real[N]
}

model {
  mu ~ Normal(0, 5)
  sigma ~ HalfNormal(3)
)" + likelihood + "\n}\n",
                    data);
}

// Three points with coordinates uniform on (-1.5, 1.5), fixed by `seed`.
void check_gradient(const test::LoadedProgram& p, Eigen::Index expected_dimension,
                    unsigned seed) {
  infer::ModelPotential potential(p.program, p.data, RandomKey(seed));
  REQUIRE(potential.dimension() == expected_dimension);
  std::mt19937 generator(seed);
  std::uniform_real_distribution<double> coordinate(-1.5, 1.5);
  for (int point = 0; point < 3; ++point) {
    CAPTURE(point);
    Eigen::VectorXd q(expected_dimension);
    for (Eigen::Index i = 0; i < q.size(); ++i) q[i] = coordinate(generator);
    check_gradient_at(potential, q);
  }
}

// The flat unconstrained point with each named site's block set to `values`.
Eigen::VectorXd point(const infer::ModelPotential& potential,
                      const std::map<std::string, std::vector<double>>& values) {
  Eigen::VectorXd q = Eigen::VectorXd::Constant(potential.dimension(), NAN);
  for (const infer::LatentSite& site : potential.layout().sites()) {
    const std::vector<double>& v = values.at(site.name);
    REQUIRE(static_cast<Eigen::Index>(v.size()) == site.size);
    for (Eigen::Index i = 0; i < site.size; ++i) q[site.offset + i] = v[i];
  }
  REQUIRE(q.allFinite());
  return q;
}

double normal_log_density(double x, double loc, double scale) {
  double z = (x - loc) / scale;
  return -0.5 * z * z - std::log(scale) - 0.5 * std::log(2 * std::numbers::pi);
}

// HalfCauchy(s) on x > 0: 2 / (pi s (1 + (x / s)^2)).
double half_cauchy_log_density(double x, double scale) {
  return std::log(2.0 / (std::numbers::pi * scale * (1 + (x / scale) * (x / scale))));
}

const double kY[8] = {28, 8, -3, 7, -1, 1, 18, 12};
const double kSigma[8] = {15, 10, 16, 11, 9, 11, 10, 18};
const std::vector<double> kThetaRaw = {0.3, -1.2, 0.5, 0.0, 2.1, -0.7, 1.4, -0.1};
constexpr double kMu = 1.0, kTau = 2.0;

}  // namespace

TEST_CASE("gradient of the potential: eight schools, centered and non-centered") {
  // mu, tau and theta (or theta_raw) of 8 schools: 10 coordinates.
  check_gradient(test::load_file("eight_schools_centered.ppl", "eight_schools.data.json"), 10, 1);
  check_gradient(test::load_file("eight_schools_noncentered.ppl", "eight_schools.data.json"), 10, 2);
}

TEST_CASE("gradient of the potential: x scored inside the scan and outside it") {
  check_gradient(test::load_file("seed000_inside_scan.ppl", "seed000.data.json"), 5, 3);
  check_gradient(test::load_file("seed000_outside_scan.ppl", "seed000.data.json"), 5, 4);
}

TEST_CASE("gradient of the potential: the state-space models with y observed, fully or in part") {
  // phi, q, r, x0 and x[5]: 9 coordinates; the drift version has no phi.
  check_gradient(test::load(test::model_source("seed001_state_space.ppl"),
                            R"({"T": 5, "y": [0.4, -0.3, 1.1, 0.8, -0.6]})"),
                 9, 5);
  check_gradient(test::load(test::model_source("seed001_state_space_with_drift.ppl"),
                            R"({"T": 5, "y": [0.4, -0.3, 1.1, 0.8, -0.6], "phi": 0.8,
                                "beta": 0.5})"),
                 8, 6);
  // y observed at steps 0 and 3 only; the masked entries do not enter the potential.
  check_gradient(test::load(test::model_source("seed001_state_space_partial.ppl"),
                            R"({"T": 5, "y": [0.4, 50.0, 1.1, 0.8, -50.0],
                                "observed": [true, false, false, true, false]})"),
                 9, 11);
}

TEST_CASE("gradient of the potential: the Gaussian as factor, as Normal sites, improper") {
  check_gradient(test::load_file("seed002_model_factor.ppl"), 2, 7);
  check_gradient(test::load_file("seed002_model_nofactor.ppl"), 2, 8);
  check_gradient(test::load_file("seed002_model_factor_improper.ppl"), 2, 9);
}

TEST_CASE("gradient of the potential: deep Markov model, params at their initial values") {
  // T = 3 steps of N = 2 binary sequences with D = 2 features; z is [T, N, Z] = 12 coordinates.
  auto p = test::small_deep_markov_model();
  check_gradient(p, 12, 10);
}

TEST_CASE("eight schools non-centered: potential is minus the hand-written log joint minus log tau") {
  // log p = log N(mu | 0, 5) + log HalfCauchy(tau | 5)
  //       + sum_j [log N(theta_raw_j | 0, 1) + log N(y_j | mu + tau theta_raw_j, sigma_j)]
  double log_joint = normal_log_density(kMu, 0, 5) + half_cauchy_log_density(kTau, 5);
  for (int j = 0; j < 8; ++j)
    log_joint += normal_log_density(kThetaRaw[j], 0, 1) +
                 normal_log_density(kY[j], kMu + kTau * kThetaRaw[j], kSigma[j]);

  auto p = test::load_file("eight_schools_noncentered.ppl", "eight_schools.data.json");
  ad::Tape tape;
  Array theta_raw(Shape{8}, Eigen::Map<const Eigen::ArrayXd>(kThetaRaw.data(), 8));
  handlers::SubstituteHandler at_point({{"mu", tape.constant(kMu)},
                                        {"tau", tape.constant(kTau)},
                                        {"theta_raw", tape.constant(theta_raw)}});
  handlers::Trace trace = test::run_traced(p, tape, 0, {&at_point});
  CHECK(handlers::log_density(trace, tape).item() == doctest::Approx(log_joint).epsilon(1e-12));

  // tau = exp(u): the unconstrained density gains log |d tau / d u| = log tau.
  infer::ModelPotential potential(p.program, p.data, RandomKey(0));
  Eigen::VectorXd q =
      point(potential, {{"mu", {kMu}}, {"tau", {std::log(kTau)}}, {"theta_raw", kThetaRaw}});
  Eigen::VectorXd gradient;
  CHECK(potential(q, gradient) == doctest::Approx(-log_joint - std::log(kTau)).epsilon(1e-12));
}

TEST_CASE("eight schools centered: potential is minus the hand-written log joint minus log tau") {
  // theta_j = mu + tau theta_raw_j, the same point as above in the centered form:
  // log p = log N(mu | 0, 5) + log HalfCauchy(tau | 5)
  //       + sum_j [log N(theta_j | mu, tau) + log N(y_j | theta_j, sigma_j)]
  std::vector<double> theta(8);
  for (int j = 0; j < 8; ++j) theta[j] = kMu + kTau * kThetaRaw[j];
  double log_joint = normal_log_density(kMu, 0, 5) + half_cauchy_log_density(kTau, 5);
  for (int j = 0; j < 8; ++j)
    log_joint += normal_log_density(theta[j], kMu, kTau) + normal_log_density(kY[j], theta[j], kSigma[j]);
  // The change of variables theta = mu + tau theta_raw has Jacobian tau^8:
  // the centered density is the non-centered one minus 8 log tau.
  double noncentered = normal_log_density(kMu, 0, 5) + half_cauchy_log_density(kTau, 5);
  for (int j = 0; j < 8; ++j)
    noncentered += normal_log_density(kThetaRaw[j], 0, 1) +
                   normal_log_density(kY[j], theta[j], kSigma[j]);
  REQUIRE(log_joint == doctest::Approx(noncentered - 8 * std::log(kTau)).epsilon(1e-12));

  auto p = test::load_file("eight_schools_centered.ppl", "eight_schools.data.json");
  infer::ModelPotential potential(p.program, p.data, RandomKey(0));
  Eigen::VectorXd q = point(potential, {{"mu", {kMu}}, {"tau", {std::log(kTau)}}, {"theta", theta}});
  Eigen::VectorXd gradient;
  CHECK(potential(q, gradient) == doctest::Approx(-log_joint - std::log(kTau)).epsilon(1e-12));
}

TEST_CASE("sum(d.log_prob(y)) in a factor: the potential of the same sites as ~") {
  // Scored as d's summed density (one fused node): the same potential and
  // gradient as y observed in a plate and as the array of densities summed,
  // and a gradient that agrees with finite differences. 300 values.
  std::string y = "[";
  for (int i = 0; i < 300; ++i) y += (i ? ", " : "") + std::to_string(std::sin(0.3 * i) * 2.0 + 0.5);
  const std::string data = R"({"N": 300, "y": )" + y + "]}";
  auto with_likelihood = [&](const std::string& likelihood) {
    return normal_model_with(likelihood, data);
  };
  const auto as_factor = with_likelihood("  factor lik = sum(Normal(mu, sigma).log_prob(y))");
  const auto as_sites = with_likelihood("  plate rows in N {\n    y ~ Normal(mu, sigma)\n  }");
  // The array of densities, then its sum: the path the factor took before.
  const auto as_array = with_likelihood("  factor lik = sum(Normal(mu, sigma).log_prob(y) * 1.0)");
  infer::ModelPotential factor_potential(as_factor.program, as_factor.data, RandomKey(3));
  infer::ModelPotential sites_potential(as_sites.program, as_sites.data, RandomKey(3));
  infer::ModelPotential array_potential(as_array.program, as_array.data, RandomKey(3));
  for (const Eigen::Vector2d& q : {Eigen::Vector2d(0.4, 0.2), Eigen::Vector2d(-1.0, 1.1)}) {
    Eigen::VectorXd factor_gradient, sites_gradient, array_gradient;
    const double factor_value = factor_potential(q, factor_gradient);
    for (auto* other : {&sites_potential, &array_potential}) {
      Eigen::VectorXd& gradient = other == &sites_potential ? sites_gradient : array_gradient;
      const double value = (*other)(q, gradient);
      CHECK(factor_value == doctest::Approx(value).epsilon(1e-13));
      CHECK(factor_gradient[0] == doctest::Approx(gradient[0]).epsilon(1e-12));
      CHECK(factor_gradient[1] == doctest::Approx(gradient[1]).epsilon(1e-12));
    }
  }
  check_gradient(as_factor, 2, 12);
}

TEST_CASE("masked-out missing observations: the potential and gradient of the rest") {
  // y's missing entries (NaN) are masked out, by a mask block or by the
  // distribution's own mask (NumPyro's d.mask(m)): the potential and
  // gradient equal those of the model given only the entries that count,
  // finite, rather than NaN through 0 * NaN partials.
  const std::string missing = R"({"N": 5, "y": [1.5, "NaN", -0.3, "NaN", 2.0]})";
  const auto only_present =
      normal_model_with("  y ~ Normal(mu, sigma)", R"({"N": 3, "y": [1.5, -0.3, 2.0]})");
  infer::ModelPotential present_potential(only_present.program, only_present.data, RandomKey(1));
  for (const std::string likelihood : {"  mask(not isnan(y)) {\n    y ~ Normal(mu, sigma)\n  }",
                                       "  y ~ Normal(mu, sigma).mask(not isnan(y))"}) {
    CAPTURE(likelihood);
    const auto with_missing = normal_model_with(likelihood, missing);
    infer::ModelPotential missing_potential(with_missing.program, with_missing.data, RandomKey(1));
    for (const Eigen::Vector2d& q : {Eigen::Vector2d(0.4, 0.2), Eigen::Vector2d(-1.0, 1.1)}) {
      Eigen::VectorXd missing_gradient, present_gradient;
      const double missing_value = missing_potential(q, missing_gradient);
      CHECK(missing_value ==
            doctest::Approx(present_potential(q, present_gradient)).epsilon(1e-13));
      REQUIRE(missing_gradient.allFinite());
      CHECK(missing_gradient[0] == doctest::Approx(present_gradient[0]).epsilon(1e-12));
      CHECK(missing_gradient[1] == doctest::Approx(present_gradient[1]).epsilon(1e-12));
    }
    check_gradient(with_missing, 2, 5);
  }
}
