// auto_dais: its log q, momentum terms included, is a normalized density
// (importance sampling recovers a known evidence), K = 0 is the base
// Normal's guide, and more annealing steps give a higher ELBO on a banana
// (log Z = 0), each estimate with its standard error.
#include <fmt/format.h>

#include <cmath>

#include "known_evidence_models.h"
#include "svi_test_support.h"

using namespace ppl;

namespace {

std::unique_ptr<test::SviFit> fit_dais(const test::LoadedProgram& p, int64_t k, int steps) {
  infer::AutoGuideSettings settings;
  settings.dais_steps = k;
  // NumPyro's step sizes (0.01, at most 0.1) suit unit-scale targets; the
  // banana's x1 has sd 2, and with them the step size learns slowly.
  settings.eta_init = 0.1;
  settings.eta_max = 0.5;
  return test::fit_with(p, "auto_dais", settings, steps,
                        fmt::format("adam:0.01,exp:0.1:{}", std::max(steps, 1)), {}, 2);
}

}  // namespace

TEST_CASE("auto_dais's log q is normalized: importance sampling recovers log Z") {
  auto p = test::load(test::kEvidenceModel);
  auto f = fit_dais(p, 4, 1500);
  const test::ImportanceEstimate e = test::importance_estimate(p, *f, 4000);
  CAPTURE(e.log_z);
  CAPTURE(e.elbo);
  CHECK(e.elbo < test::kLogEvidence + 3 * e.elbo_se);
  CHECK(std::abs(e.log_z - test::kLogEvidence) < 0.02);
}

TEST_CASE("auto_dais on a banana: K = 0 is the diagonal Normal, and the ELBO grows with K") {
  auto p = test::load(test::kBanana);
  auto diagonal = test::fit(p, "auto_diagonal_normal", 5000, "adam:0.01,exp:0.1:5000", {}, 2);
  const test::ImportanceEstimate base = test::importance_estimate(p, *diagonal, 4000);
  std::vector<test::ImportanceEstimate> by_k;
  for (int64_t k : {0, 4, 16}) {
    auto f = fit_dais(p, k, 5000);
    by_k.push_back(test::importance_estimate(p, *f, 4000));
    MESSAGE("K = " << k << ": ELBO " << by_k.back().elbo << " (se " << by_k.back().elbo_se << ")");
  }
  MESSAGE("auto_diagonal_normal: ELBO " << base.elbo << " (se " << base.elbo_se << ")");
  // K = 0: the same family fitted the same way as auto_diagonal_normal.
  CHECK(std::abs(by_k[0].elbo - base.elbo) < 3 * std::hypot(by_k[0].elbo_se, base.elbo_se) + 0.02);
  CHECK(by_k[1].elbo > by_k[0].elbo + 0.05);
  CHECK(by_k[2].elbo > by_k[1].elbo + 0.05);
  for (const test::ImportanceEstimate& e : by_k) CHECK(e.elbo < 3 * e.elbo_se);  // below log Z = 0
}

TEST_CASE("auto_dais refuses what it cannot do") {
  auto p = test::load(test::kBanana);
  CHECK_THROWS_WITH(fit_dais(p, -1, 0), "--dais-steps must be at least 0");
  CHECK_THROWS_WITH(test::fit(p, "auto_dais[x1] + auto_normal", 0),
                    doctest::Contains("auto_dais follows the whole model's density"));
}


TEST_CASE("auto_surrogate_likelihood_dais: a normalized q whatever the surrogate, with its params fitted") {
  // The surrogate keeps the prior and weights the likelihood by a learnable
  // w; any surrogate gives a normalized q, so importance sampling still
  // recovers the model's log Z.
  auto p = test::load(test::kEvidenceModel);
  auto surrogate = test::load(R"(
model {
  a ~ Normal(0, 1)
  b ~ Normal(a, 1)
  s ~ LogNormal(0, 0.5)
  param w: positive = 0.5
  factor tempered = w * Normal(a + b, 0.5).log_prob(1.0)
}
)");
  const infer::SurrogateModel model{&surrogate.program, &surrogate.data};
  auto f = std::make_unique<test::SviFit>();
  RandomKey key(4);
  f->potential = std::make_unique<infer::ModelPotential>(p.program, p.data, fold_in(key, "model"));
  const Eigen::VectorXd start = infer::initial_point(*f->potential, infer::InitStrategy{}, key);
  infer::AutoGuideSettings settings;
  settings.eta_init = 0.1;
  settings.eta_max = 0.5;
  f->guide = infer::make_autoguide("auto_surrogate_likelihood_dais",
                                   {f->potential->layout(), start, settings, std::nullopt,
                                    f->potential.get(), &model});
  f->objective = std::make_unique<infer::ElboObjective>(p.program, p.data, *f->guide, f->store,
                                                        infer::ElboSettings{});
  f->objective->initialize(key);
  auto optimizer = infer::parse_optimizer("adam:0.01,exp:0.1:1500");
  infer::run_svi(*f->objective, f->store, *optimizer, 1500, fold_in(key, "svi"));
  CHECK(std::abs(f->param("w") - 0.5) > 0.01);  // the surrogate's param is fitted
  const test::ImportanceEstimate e = test::importance_estimate(p, *f, 4000);
  CAPTURE(e.log_z);
  CAPTURE(e.log_z_se);
  CHECK(e.log_z_se < 0.03);
  CHECK(std::abs(e.log_z - test::kLogEvidence) < 4 * e.log_z_se + 0.005);
  CHECK(e.elbo < test::kLogEvidence + 3 * e.elbo_se);
}
