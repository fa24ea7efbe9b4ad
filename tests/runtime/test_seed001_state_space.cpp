// Seed 001: the state-space model's prior predictive draws a fresh state at
// every scan step, with the AR(1) moments, with y absent or partly given; with
// y masked where it is not observed, only the observed steps are scored.
#include <algorithm>
#include <cmath>
#include <numbers>

#include "handlers/substitute.h"
#include "infer/model_potential.h"
#include "infer/predictive.h"
#include "runtime_test_support.h"

using namespace ppl;

namespace {

constexpr double kPhi = 0.7, kQ = 0.5, kR = 0.3;

// x0 ~ N(0, q); x_t = phi x_{t-1} + q e_t (t = 0, 1, ...): Var(x_t) = q^2 (1 + phi^2 + ... + phi^(2(t+1))).
double state_variance(int t) {
  double v = 0;
  for (int k = 0; k <= t + 1; ++k) v += std::pow(kPhi, 2 * k);
  return kQ * kQ * v;
}

}  // namespace

TEST_CASE("prior predictive of the state-space model: T different states per draw") {
  // T = 100, y absent.
  auto p = test::load(test::model_source("seed001_state_space.ppl"), R"({"T": 100})");
  infer::PredictiveOptions options;
  options.num_samples = 20;
  options.seed = 1;
  auto sites = infer::predict(p.program, p.data, options);
  const infer::SiteDraws* x = nullptr;
  const infer::SiteDraws* y = nullptr;
  for (const auto& s : sites) {
    if (s.name == "x") x = &s;
    if (s.name == "y") y = &s;
  }
  REQUIRE(x);
  REQUIRE(y);
  CHECK(x->shape == std::vector<int64_t>{100});
  CHECK(y->shape == std::vector<int64_t>{100});
  for (const auto& draw : x->draws[0]) {
    std::vector<double> sorted = draw;
    std::sort(sorted.begin(), sorted.end());
    CHECK(std::unique(sorted.begin(), sorted.end()) == sorted.end());
  }
}

TEST_CASE("across draws, x_t and y_t have the AR(1) variances and lag-one covariance") {
  auto p = test::load(test::model_source("seed001_state_space.ppl"), R"({"T": 10})");
  const int n = 4000;
  std::vector<double> x2(10, 0), y2(10, 0), lag(9, 0);
  for (int i = 0; i < n; ++i) {
    ad::Tape tape;
    handlers::ConditionHandler fixed({{"phi", tape.constant(kPhi)},
                                      {"q", tape.constant(kQ)},
                                      {"r", tape.constant(kR)}});
    handlers::Trace trace = test::run_traced(p, tape, 500 + i, {&fixed});
    Array x = trace.site("x").value().value();
    Array y = trace.site("y").value().value();
    for (int t = 0; t < 10; ++t) {
      x2[t] += x.values()[t] * x.values()[t] / n;
      y2[t] += y.values()[t] * y.values()[t] / n;
      if (t < 9) lag[t] += x.values()[t] * x.values()[t + 1] / n;
    }
  }
  for (int t = 0; t < 10; ++t) {
    CAPTURE(t);
    // The variance of a sample second moment of a normal is 2 var^2 / n: 5 standard errors.
    double v = state_variance(t);
    CHECK(std::abs(x2[t] - v) < 5 * v * std::sqrt(2.0 / n));
    double vy = v + kR * kR;
    CHECK(std::abs(y2[t] - vy) < 5 * vy * std::sqrt(2.0 / n));
    if (t < 9) CHECK(std::abs(lag[t] - kPhi * v) < 5 * std::sqrt((v * state_variance(t + 1) + kPhi * kPhi * v * v) / n));
  }
}

TEST_CASE("with y given the y sites are observed, and predictive works from posterior draws") {
  auto p = test::load(test::model_source("seed001_state_space.ppl"),
                      R"({"T": 3, "y": [0.5, -1.0, 2.0]})");
  ad::Tape tape;
  handlers::Trace trace = test::run_traced(p, tape, 9);
  const handlers::TraceSite& y = trace.site("y");
  CHECK(y.observed);
  CHECK(y.value().value().values()[2] == 2.0);
  CHECK_FALSE(trace.site("x").observed);

  infer::PosteriorDraws posterior(2);
  posterior[0] = {{"phi", Array(0.5)}, {"q", Array(1.0)}, {"r", Array(0.1)}, {"x0", Array(0.0)}};
  posterior[1] = {{"phi", Array(-0.5)}, {"q", Array(2.0)}, {"r", Array(0.1)}, {"x0", Array(1.0)}};
  infer::PredictiveOptions options;
  options.sites = {"phi", "x"};
  auto sites = infer::predict(p.program, p.data, options, &posterior);
  REQUIRE(sites.size() == 2);
  CHECK(sites[0].draws[0].size() == 2);
  CHECK(sites[0].draws[0][1][0] == -0.5);
}

namespace {

// Five steps, y observed at steps 0, 2 and 3; the other entries hold values
// that must not matter.
constexpr const char* kPartialData =
    R"({"T": 5, "y": [0.5, 99.0, -0.2, 1.3, -42.0], "observed": [true, false, true, true, false]})";
constexpr const char* kPartialDataChanged =
    R"({"T": 5, "y": [0.5, -7.5, -0.2, 1.3, 3.25], "observed": [true, false, true, true, false]})";
constexpr const char* kFullyObservedData =
    R"({"T": 5, "y": [0.5, 99.0, -0.2, 1.3, -42.0], "observed": [true, true, true, true, true]})";

const double kStates[5] = {0.1, -0.4, 0.3, 1.0, 0.6};

// The log joint at phi = kPhi, q = kQ, r = kR, x0 = 0.2, x = kStates.
double log_joint_at_fixed_point(const std::string& data) {
  auto p = test::load(test::model_source("seed001_state_space_partial.ppl"), data);
  ad::Tape tape;
  handlers::SubstituteHandler at_point(
      {{"phi", tape.constant(kPhi)},
       {"q", tape.constant(kQ)},
       {"r", tape.constant(kR)},
       {"x0", tape.constant(0.2)},
       {"x", tape.constant(Array(Shape{5}, Eigen::Map<const Eigen::ArrayXd>(kStates, 5)))}});
  handlers::Trace trace = test::run_traced(p, tape, 3, {&at_point});
  return handlers::log_density(trace, tape).item();
}

const infer::SiteDraws& site_draws(const std::vector<infer::SiteDraws>& sites,
                                   const std::string& name) {
  auto it = std::find_if(sites.begin(), sites.end(),
                         [&](const infer::SiteDraws& s) { return s.name == name; });
  REQUIRE(it != sites.end());
  return *it;
}

double log_normal(double x, double loc, double scale) {
  double z = (x - loc) / scale;
  return -0.5 * z * z - std::log(scale) - 0.5 * std::log(2 * std::numbers::pi);
}

bool all_distinct(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return std::adjacent_find(values.begin(), values.end()) == values.end();
}

}  // namespace

TEST_CASE("masked state-space model: unobserved y entries do not change the log density") {
  CHECK(log_joint_at_fixed_point(kPartialData) == log_joint_at_fixed_point(kPartialDataChanged));
}

TEST_CASE("masked state-space model: observing every step adds exactly the masked y terms") {
  // The steps masked out, 1 and 4, contribute log N(y_t | x_t, r) once observed.
  double masked_terms = log_normal(99.0, kStates[1], kR) + log_normal(-42.0, kStates[4], kR);
  CHECK(log_joint_at_fixed_point(kFullyObservedData) - log_joint_at_fixed_point(kPartialData) ==
        doctest::Approx(masked_terms).epsilon(1e-12));
}

TEST_CASE("masked state-space model: the potential HMC differentiates ignores masked entries too") {
  auto partial = test::load(test::model_source("seed001_state_space_partial.ppl"), kPartialData);
  auto changed = test::load(test::model_source("seed001_state_space_partial.ppl"), kPartialDataChanged);
  auto full = test::load(test::model_source("seed001_state_space_partial.ppl"), kFullyObservedData);
  infer::ModelPotential partial_potential(partial.program, partial.data, RandomKey(0));
  infer::ModelPotential changed_potential(changed.program, changed.data, RandomKey(0));
  infer::ModelPotential full_potential(full.program, full.data, RandomKey(0));
  // phi, q, r, x0 and the five states.
  REQUIRE(partial_potential.dimension() == 9);
  Eigen::VectorXd q(9);
  q << 0.3, -0.5, 0.2, 0.1, 0.4, -0.2, 0.9, 0.0, -0.7;
  Eigen::VectorXd partial_gradient, changed_gradient, full_gradient;
  double partial_energy = partial_potential(q, partial_gradient);
  double changed_energy = changed_potential(q, changed_gradient);
  double full_energy = full_potential(q, full_gradient);
  CHECK(changed_energy == doctest::Approx(partial_energy).epsilon(1e-14));
  for (Eigen::Index i = 0; i < 9; ++i)
    CHECK(changed_gradient[i] == doctest::Approx(partial_gradient[i]).epsilon(1e-14));

  // Observing steps 1 and 4 lowers the energy by their log N(y_t | x_t, r), at r and x of q.
  std::map<std::string, std::vector<double>> at_q;
  std::vector<std::vector<double>> values = partial_potential.constrained_values(q);
  for (size_t k = 0; k < values.size(); ++k) at_q[partial_potential.layout().output_sites()[k].name] = values[k];
  const double r = at_q.at("r")[0];
  const std::vector<double>& x = at_q.at("x");
  REQUIRE(x.size() == 5);
  CHECK(r == doctest::Approx(std::exp(0.2)).epsilon(1e-14));
  double masked_terms = log_normal(99.0, x[1], r) + log_normal(-42.0, x[4], r);
  CHECK(partial_energy - full_energy == doctest::Approx(masked_terms).epsilon(1e-12));
}

TEST_CASE("masked state-space model: prior predictive has T distinct states per draw") {
  auto p = test::load(test::model_source("seed001_state_space_partial.ppl"), kPartialData);
  infer::PredictiveOptions options;
  options.num_samples = 10;
  options.seed = 4;
  auto sites = infer::predict(p.program, p.data, options);
  const infer::SiteDraws& x = site_draws(sites, "x");
  const infer::SiteDraws& y = site_draws(sites, "y");
  CHECK(x.shape == std::vector<int64_t>{5});
  REQUIRE(x.draws[0].size() == 10);
  for (const auto& draw : x.draws[0]) CHECK(all_distinct(draw));
  // y is data here: every draw holds the data, masked entries included.
  for (const auto& draw : y.draws[0]) CHECK(draw == std::vector<double>{0.5, 99.0, -0.2, 1.3, -42.0});

  // Without y, every step samples a fresh y whatever the mask.
  auto unobserved = test::load(test::model_source("seed001_state_space_partial.ppl"),
                               R"({"T": 5, "observed": [true, false, true, true, false]})");
  auto simulated = infer::predict(unobserved.program, unobserved.data, options);
  for (const auto& draw : site_draws(simulated, "y").draws[0]) CHECK(all_distinct(draw));
}

TEST_CASE("masked state-space model: posterior predictive keeps the posterior's draws") {
  auto p = test::load(test::model_source("seed001_state_space_partial.ppl"), kPartialData);
  infer::PosteriorDraws posterior(2);
  posterior[0] = {{"phi", Array(0.5)}, {"q", Array(1.0)}, {"r", Array(0.1)}, {"x0", Array(0.0)},
                  {"x", Array(Shape{5}, {1, 2, 3, 4, 5})}};
  posterior[1] = {{"phi", Array(-0.5)}, {"q", Array(2.0)}, {"r", Array(0.1)}, {"x0", Array(1.0)},
                  {"x", Array(Shape{5}, {-1, -2, -3, -4, -5})}};
  infer::PredictiveOptions options;
  options.sites = {"phi", "x"};
  auto sites = infer::predict(p.program, p.data, options, &posterior);
  REQUIRE(sites.size() == 2);
  REQUIRE(site_draws(sites, "phi").draws[0].size() == 2);
  CHECK(site_draws(sites, "phi").draws[0][1][0] == -0.5);
  CHECK(site_draws(sites, "x").draws[0][1] == std::vector<double>{-1, -2, -3, -4, -5});

  // With phi, q, r and x0 from the posterior and x left to the model, x is drawn afresh.
  for (auto& draw : posterior) draw.erase("x");
  auto fresh = infer::predict(p.program, p.data, options, &posterior);
  for (const auto& draw : site_draws(fresh, "x").draws[0]) CHECK(all_distinct(draw));
}

TEST_CASE("predictive runs all draws at once where the model allows, and agrees with draw by draw") {
  // Eight schools: one run on a draw dim; prior moments of mu ~ Normal(0, 5)
  // and of y = theta + sigma noise match the closed forms both ways.
  auto p = test::load(test::model_source("eight_schools_noncentered.ppl"),
                 R"({"J": 8, "sigma": [15, 10, 16, 11, 9, 11, 10, 18]})");
  for (bool vectorize : {true, false}) {
    CAPTURE(vectorize);
    infer::PredictiveOptions options;
    options.num_samples = 20000;
    options.seed = 4;
    options.vectorize = vectorize;
    bool vectorized = false;
    auto sites = infer::predict(p.program, p.data, options, nullptr, &vectorized);
    CHECK(vectorized == vectorize);
    for (const auto& site : sites) {
      if (site.name != "mu") continue;
      double sum = 0, squares = 0;
      for (const auto& d : site.draws[0]) {
        sum += d[0];
        squares += d[0] * d[0];
      }
      double n = site.draws[0].size(), mean = sum / n, var = squares / n - mean * mean;
      CHECK(std::abs(mean) < 4 * 5 / std::sqrt(n));
      CHECK(std::abs(var - 25) < 4 * 25 * std::sqrt(2 / n));
    }
  }
  // With posterior draws: each draw's mu is the one given.
  infer::PosteriorDraws posterior(3);
  for (int i = 0; i < 3; ++i)
    posterior[i] = {{"mu", Array(1.0 + i)}, {"tau", Array(0.5)}, {"theta_raw", Array::zeros(Shape{8})}};
  infer::PredictiveOptions options;
  options.sites = {"mu", "theta"};
  bool vectorized = false;
  auto sites = infer::predict(p.program, p.data, options, &posterior, &vectorized);
  CHECK(vectorized);
  REQUIRE(sites.size() == 2);
  CHECK(sites[0].draws[0][2][0] == 3.0);
  CHECK(sites[1].draws[0][1][7] == 2.0);  // theta = mu + tau * 0
  // A scan runs all draws at once too, each step on its own slice of the
  // posterior's path: y[t] ~ Normal(x[t], r) has mean x[t] and sd r.
  auto scan = test::load(test::model_source("seed001_state_space.ppl"), R"({"T": 5})");
  const int n = 4000;
  infer::PosteriorDraws path(n);
  for (int i = 0; i < n; ++i)
    path[i] = {{"phi", Array(0.5)}, {"q", Array(1.0)}, {"r", Array(0.1)}, {"x0", Array(0.0)},
               {"x", Array::vector({1.0, 2.0, 3.0, 4.0, 5.0})}};
  infer::PredictiveOptions ys;
  ys.sites = {"y"};
  ys.num_samples = n;
  auto y = infer::predict(scan.program, scan.data, ys, &path, &vectorized);
  CHECK(vectorized);
  REQUIRE(y.size() == 1);
  REQUIRE(y[0].draws[0].size() == static_cast<size_t>(n));
  for (int t = 0; t < 5; ++t) {
    CAPTURE(t);
    double sum = 0, squares = 0;
    for (const auto& d : y[0].draws[0]) {
      sum += d[t];
      squares += d[t] * d[t];
    }
    const double mean = sum / n, var = squares / n - mean * mean;
    CHECK(std::abs(mean - (t + 1.0)) < 4 * 0.1 / std::sqrt(n));
    CHECK(std::abs(var - 0.01) < 4 * 0.01 * std::sqrt(2.0 / n));
  }
}
