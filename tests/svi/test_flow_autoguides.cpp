// The normalizing-flow autoguides (auto_iaf_normal, auto_bnaf_normal): their
// log q is a normalized density (importance sampling with it recovers a
// known evidence), they fit a banana that a Gaussian cannot, and their
// options are checked.
#include <cmath>
#include <numeric>

#include "svi_test_support.h"

using namespace ppl;

namespace {

// a ~ N(0, 1), b ~ N(a, 1), s ~ LogNormal(0, 0.5) (apart), y = 1 observed
// from N(a + b, 0.5): a + b ~ N(0, 5), so log Z = log N(1; 0, sqrt(5.25)).
const char* kEvidenceModel = R"(
model {
  a ~ Normal(0, 1)
  b ~ Normal(a, 1)
  s ~ LogNormal(0, 0.5)
  y ~ Normal(a + b, 0.5) obs 1.0
}
)";
const double kLogEvidence = -0.5 * std::log(2 * M_PI * 5.25) - 1.0 / (2 * 5.25);

// x1 ~ N(0, 2), x2 ~ N(0.5 (x1^2 - 4), 1): a banana whose joint is
// normalized (log Z = 0), so the ELBO is minus KL(q || p). With 6000 steps
// auto_multivariate_normal reaches -0.57, auto_iaf_normal -0.07 and
// auto_bnaf_normal -0.13 (20000 fresh particles).
const char* kBanana = R"(
model {
  x1 ~ Normal(0, 2)
  x2 ~ Normal(0.5 * (x1 * x1 - 4), 1)
}
)";

// log of the importance-sampling estimate of Z from `n` fresh particles,
// and its standard error (delta method).
std::pair<double, double> log_evidence_estimate(const test::LoadedProgram& p, test::SviFit& f,
                                                int n) {
  infer::ElboObjective one(p.program, p.data, *f.guide, f.store, {});
  std::vector<double> log_w(n);
  for (int k = 0; k < n; ++k) log_w[k] = -one.evaluate(RandomKey(1000 + k)).loss;
  const double top = *std::max_element(log_w.begin(), log_w.end());
  double mean = 0, square = 0;
  for (double lw : log_w) {
    const double w = std::exp(lw - top);
    mean += w / n;
    square += w * w / n;
  }
  const double se = std::sqrt((square - mean * mean) / n) / mean;
  return {top + std::log(mean), se};
}

// An autoguide fit with settings of its own.
std::unique_ptr<test::SviFit> fit_flow(const test::LoadedProgram& p, const std::string& guide,
                                       const infer::AutoGuideSettings& settings, int steps,
                                       const std::string& optim) {
  auto f = std::make_unique<test::SviFit>();
  RandomKey key(1);
  f->potential = std::make_unique<infer::ModelPotential>(p.program, p.data, fold_in(key, "model"));
  const Eigen::VectorXd start =
      infer::initial_point(*f->potential, infer::InitStrategy{}, fold_in(key, "init"));
  f->guide = infer::make_autoguide(
      guide, {f->potential->layout(), start, settings, std::nullopt, f->potential.get()});
  f->objective = std::make_unique<infer::ElboObjective>(p.program, p.data, *f->guide, f->store,
                                                        infer::ElboSettings{});
  f->objective->initialize(fold_in(key, "initialize"));
  auto optimizer = infer::parse_optimizer(optim);
  f->losses = infer::run_svi(*f->objective, f->store, *optimizer, steps, fold_in(key, "svi")).losses;
  return f;
}

}  // namespace

TEST_CASE("flow autoguides' log q is normalized: importance sampling recovers log Z") {
  auto p = test::load(kEvidenceModel);
  for (const char* guide : {"auto_iaf_normal", "auto_bnaf_normal"}) {
    CAPTURE(guide);
    auto f = test::fit(p, guide, 1500, "adam:0.01", {}, 3);
    const auto [estimate, se] = log_evidence_estimate(p, *f, 4000);
    CAPTURE(estimate);
    CAPTURE(se);
    CHECK(se < 0.02);
    CHECK(std::abs(estimate - kLogEvidence) < 4 * se + 0.005);
  }
}

TEST_CASE("flows fit a banana that a Gaussian cannot: ELBO near log Z = 0") {
  auto p = test::load(kBanana);
  auto mvn = test::fit(p, "auto_multivariate_normal", 3000, "adam:0.02,exp:0.1:3000", {}, 1);
  const double elbo_mvn = test::fresh_elbo(p, *mvn, 20000, RandomKey(5));
  CAPTURE(elbo_mvn);
  // auto_iaf_normal with hidden layers of 16 (its default, D = 2, is too
  // narrow for the bend); auto_bnaf_normal with its defaults.
  infer::AutoGuideSettings wide;
  wide.hidden_dims = std::vector<int64_t>{16, 16};
  for (const auto& [guide, settings] : {std::pair{"auto_iaf_normal", wide},
                                        std::pair{"auto_bnaf_normal", infer::AutoGuideSettings{}}}) {
    CAPTURE(guide);
    auto f = fit_flow(p, guide, settings, 6000, "adam:0.01,exp:0.1:6000");
    const double elbo = test::fresh_elbo(p, *f, 20000, RandomKey(5));
    CAPTURE(elbo);
    CHECK(elbo > elbo_mvn + 0.3);
    CHECK(elbo > -0.2);  // KL(q || p) below 0.2 nats
    CHECK(elbo < 0.01);  // an ELBO never exceeds log Z (+ Monte Carlo error)
  }
}
