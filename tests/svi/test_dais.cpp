// auto_dais: its log q, momentum terms included, is a normalized density
// (importance sampling recovers a known evidence), K = 0 is the base
// Normal's guide, and more annealing steps give a higher ELBO on a banana
// (log Z = 0), each estimate with its standard error.
#include <fmt/format.h>

#include <cmath>

#include "svi_test_support.h"

using namespace ppl;

namespace {

// a ~ N(0, 1), b ~ N(a, 1), s ~ LogNormal(0, 0.5), y = 1 from N(a + b, 0.5):
// log Z = log N(1; 0, sqrt(5.25)).
const char* kEvidenceModel = R"(
model {
  a ~ Normal(0, 1)
  b ~ Normal(a, 1)
  s ~ LogNormal(0, 0.5)
  y ~ Normal(a + b, 0.5) obs 1.0
}
)";
const double kLogEvidence = -0.5 * std::log(2 * M_PI * 5.25) - 1.0 / (2 * 5.25);

const char* kBanana = R"(
model {
  x1 ~ Normal(0, 2)
  x2 ~ Normal(0.5 * (x1 * x1 - 4), 1)
}
)";

struct Estimate {
  double elbo, elbo_se, log_z;  // mean of log w, its se, log mean w
};

// From `n` fresh one-particle draws of the fitted guide.
Estimate estimate(const test::LoadedProgram& p, test::SviFit& f, int n) {
  infer::ElboObjective one(p.program, p.data, *f.guide, f.store, {});
  std::vector<double> log_w(n);
  double mean = 0;
  for (int k = 0; k < n; ++k) mean += (log_w[k] = -one.evaluate(RandomKey(5000 + k)).loss) / n;
  double square = 0, top = *std::max_element(log_w.begin(), log_w.end()), sum_w = 0;
  for (double lw : log_w) {
    square += (lw - mean) * (lw - mean) / (n - 1);
    sum_w += std::exp(lw - top);
  }
  return {mean, std::sqrt(square / n), top + std::log(sum_w / n)};
}

std::unique_ptr<test::SviFit> fit_dais(const test::LoadedProgram& p, int64_t k, int steps) {
  auto f = std::make_unique<test::SviFit>();
  RandomKey key(2);
  f->potential = std::make_unique<infer::ModelPotential>(p.program, p.data, fold_in(key, "model"));
  const Eigen::VectorXd start =
      infer::initial_point(*f->potential, infer::InitStrategy{}, fold_in(key, "init"));
  infer::AutoGuideSettings settings;
  settings.dais_steps = k;
  // NumPyro's step sizes (0.01, at most 0.1) suit unit-scale targets; the
  // banana's x1 has sd 2, and with them the step size learns slowly.
  settings.eta_init = 0.1;
  settings.eta_max = 0.5;
  f->guide = infer::make_autoguide(
      "auto_dais", {f->potential->layout(), start, settings, std::nullopt, f->potential.get()});
  f->objective = std::make_unique<infer::ElboObjective>(p.program, p.data, *f->guide, f->store,
                                                        infer::ElboSettings{});
  f->objective->initialize(fold_in(key, "initialize"));
  if (steps == 0) return f;
  auto optimizer = infer::parse_optimizer(fmt::format("adam:0.01,exp:0.1:{}", steps));
  f->losses = infer::run_svi(*f->objective, f->store, *optimizer, steps, fold_in(key, "svi")).losses;
  return f;
}

}  // namespace

TEST_CASE("auto_dais's log q is normalized: importance sampling recovers log Z") {
  auto p = test::load(kEvidenceModel);
  auto f = fit_dais(p, 4, 1500);
  const Estimate e = estimate(p, *f, 4000);
  CAPTURE(e.log_z);
  CAPTURE(e.elbo);
  CHECK(e.elbo < kLogEvidence + 3 * e.elbo_se);
  CHECK(std::abs(e.log_z - kLogEvidence) < 0.02);
}

TEST_CASE("auto_dais on a banana: K = 0 is the diagonal Normal, and the ELBO grows with K") {
  auto p = test::load(kBanana);
  auto diagonal = test::fit(p, "auto_diagonal_normal", 5000, "adam:0.01,exp:0.1:5000", {}, 2);
  const Estimate base = estimate(p, *diagonal, 4000);
  std::vector<Estimate> by_k;
  for (int64_t k : {0, 4, 16}) {
    auto f = fit_dais(p, k, 5000);
    by_k.push_back(estimate(p, *f, 4000));
    MESSAGE("K = " << k << ": ELBO " << by_k.back().elbo << " (se " << by_k.back().elbo_se << ")");
  }
  MESSAGE("auto_diagonal_normal: ELBO " << base.elbo << " (se " << base.elbo_se << ")");
  // K = 0: the same family fitted the same way as auto_diagonal_normal.
  CHECK(std::abs(by_k[0].elbo - base.elbo) < 3 * std::hypot(by_k[0].elbo_se, base.elbo_se) + 0.02);
  CHECK(by_k[1].elbo > by_k[0].elbo + 0.05);
  CHECK(by_k[2].elbo > by_k[1].elbo + 0.05);
  for (const Estimate& e : by_k) CHECK(e.elbo < 3 * e.elbo_se);  // below log Z = 0
}

TEST_CASE("auto_dais refuses what it cannot do") {
  auto p = test::load(kBanana);
  CHECK_THROWS_WITH(fit_dais(p, -1, 0), "--dais-steps must be at least 0");
  CHECK_THROWS_WITH(test::fit(p, "auto_dais[x1] + auto_normal", 0),
                    doctest::Contains("auto_dais follows the whole model's density"));
}

