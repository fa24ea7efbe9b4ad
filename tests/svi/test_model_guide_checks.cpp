// Model/guide checks and the seed programs about the ELBO's meaning:
// seed 002 (a factor in the guide), seed 000 (two formulations, one ELBO).
#include <cmath>

#include "infer/elbo/elbo_report.h"
#include "infer/elbo/model_guide_checks.h"
#include "svi_test_support.h"

using namespace ppl;

TEST_CASE("seed 002: the no-factor guide recovers sig1_q = 1 and sig2_q = 2 on every model") {
  infer::ElboSettings elbo;
  elbo.particles = 8;
  for (const char* model : {"seed002_model_factor.ppl", "seed002_model_nofactor.ppl",
                            "seed002_model_factor_improper.ppl"}) {
    CAPTURE(model);
    auto p = test::load_pair(model, "seed002_guide_nofactor.ppl");
    auto f = test::fit(p, std::nullopt, 4000, "adam:0.02,exp:0.05:4000", elbo, 1);
    CHECK(std::abs(f->param("sig1_q") - 1.0) < 0.05);
    CHECK(std::abs(f->param("sig2_q") - 2.0) < 0.05);
  }
}

TEST_CASE("seed 002: check-elbo explains the factor in the guide and the param-free sites") {
  auto p = test::load_pair("seed002_model_factor.ppl", "seed002_guide_factor.ppl");
  auto f = test::fit(p, std::nullopt, 0);
  auto traces = f->objective->run_particle(RandomKey(1));
  auto free_sites = infer::param_free_guide_sites(*f->objective, RandomKey(1));
  CHECK(free_sites == std::vector<std::string>{"x", "y"});
  auto warnings = infer::guide_warnings(traces.guide, free_sites);
  REQUIRE(warnings.size() == 3);
  CHECK(warnings[0].message == "the guide has a factor 'log_fac'");
  CHECK(warnings[0].location.line == 9);
  CHECK(warnings[0].explanation.find("does not change the distribution the guide samples from") !=
        std::string::npos);
}

// The target's density is normalized (log evidence 0), so a true ELBO is at
// most 0 (models/seed002_model_heavy_tails.ppl).
TEST_CASE("seed 002: auxiliary guide sites with the Jacobian give an ELBO below the log evidence") {
  auto p = test::load_pair("seed002_model_heavy_tails.ppl", "seed002_guide_auxiliary.ppl");
  infer::ElboSettings elbo;
  elbo.particles = 4;
  auto f = test::fit(p, std::nullopt, 3000, "adam:0.01,exp:0.1:3000", elbo, 3);
  infer::ElboSettings many;
  many.particles = 20000;
  infer::ElboObjective estimate(p.program, p.data, *f->guide, f->store, many);
  const infer::ElboObjective::Evaluation e = estimate.evaluate(RandomKey(21));
  double mean = 0, square = 0;
  for (const auto& particle : e.particles) {
    mean += particle.elbo / e.particles.size();
    square += particle.elbo * particle.elbo / e.particles.size();
  }
  const double standard_error = std::sqrt((square - mean * mean) / e.particles.size());
  CHECK(-e.loss == doctest::Approx(mean).epsilon(1e-9));
  CHECK(mean < 3 * standard_error);
  CHECK(mean > -1.0);  // the fit went somewhere: the guide is close to the target
  // The auxiliary sites are scored in log q.
  CHECK(e.particles[0].log_q.count("u1") == 1);
  CHECK(e.particles[0].log_q.count("u2") == 1);
  // No warning: x's Delta carries the Jacobian.
  f->objective->tape().clear();
  const infer::ElboObjective::Traces traces = f->objective->run_particle(RandomKey(2));
  CHECK(infer::auxiliary_jacobian_findings(traces.model, traces.guide).empty());
}

TEST_CASE("seed 002: a Delta of auxiliary sites without log_density is reported as no ELBO") {
  auto p = test::load_pair("seed002_model_heavy_tails.ppl",
                           "seed002_guide_auxiliary_no_jacobian.ppl");
  auto f = test::fit(p, std::nullopt, 0);
  std::vector<infer::GuideFinding> findings =
      infer::model_guide_findings(*f->objective, RandomKey(1));
  const infer::GuideFinding* jacobian = nullptr;
  for (const auto& finding : findings)
    if (finding.message.find("auxiliary") != std::string::npos) jacobian = &finding;
  REQUIRE(jacobian != nullptr);
  CHECK_FALSE(jacobian->error);
  CHECK(jacobian->message ==
        "the guide draws 'x', 'y' as a Delta of the auxiliary sites 'u1', 'u2' with no "
        "log_density: the objective is not an ELBO");
  CHECK(jacobian->location.line == 10);
  CHECK(jacobian->explanation.find("TransformedDistribution") != std::string::npos);
  CHECK(jacobian->explanation.find("-log |det J|") != std::string::npos);
}

TEST_CASE("seed 000: inside and outside formulations give one ELBO on common random numbers") {
  auto inside = test::load_file("seed000_inside_scan.ppl", "seed000.data.json");
  auto outside = test::load_file("seed000_outside_scan.ppl", "seed000.data.json");
  auto a = test::fit(inside, std::nullopt, 0);
  auto b = test::fit(outside, std::nullopt, 0);
  auto ra = infer::estimate_elbo(*a->objective, 2000, RandomKey(3));
  auto rb = infer::estimate_elbo(*b->objective, 2000, RandomKey(3));
  infer::ElboComparison c = infer::compare_elbos(ra, rb);
  CHECK(c.verdict == infer::ElboComparison::Verdict::EqualExactly);
  // The closed form: -(0 + 1 + 4 + 9 + 16) / 2.
  CHECK(std::abs(ra.elbo + 15) < 4 * ra.standard_error);
}

TEST_CASE("a different pair is called different") {
  auto pa = test::load("model {\n  x ~ Normal(0, 1)\n}\nguide {\n  x ~ Normal(0, 1)\n}\n");
  auto pb = test::load("model {\n  x ~ Normal(1, 1)\n}\nguide {\n  x ~ Normal(0, 1)\n}\n");
  auto a = test::fit(pa, std::nullopt, 0);
  auto b = test::fit(pb, std::nullopt, 0);
  infer::ElboComparison c = infer::compare_elbos(infer::estimate_elbo(*a->objective, 500, RandomKey(1)),
                                                 infer::estimate_elbo(*b->objective, 500, RandomKey(1)));
  CHECK(c.verdict == infer::ElboComparison::Verdict::Different);
  CHECK(c.differing_sites == std::vector<std::string>{"x"});
  CHECK(c.difference == doctest::Approx(0.5).epsilon(0.1));
}

TEST_CASE("a guide Normal for a positive model site is an error naming both supports") {
  auto p = test::load("model {\n  s ~ HalfNormal(1)\n}\nguide {\n  param m = 1.0\n  s ~ Normal(m, 1)\n}\n");
  CHECK_THROWS_WITH(test::fit(p, std::nullopt, 0),
                    "the guide does not fit the model:\n  test.ppl:6:3: guide site 's' draws from Normal with "
                    "support real, but the model's 's' is HalfNormal with support positive: the "
                    "guide proposes values the model cannot have");
}

TEST_CASE("latent sites on one side only are caught when the program is checked") {
  // 'beta' in the guide is the model's 'betta' misspelt; 'aux' is an
  // auxiliary site, which the guide may have.
  frontend::CompiledProgram compiled = frontend::compile_source(
      "test.ppl", "model {\n  a ~ Normal(0, 1)\n  betta ~ Normal(a, 1)\n}\n"
                  "guide {\n  param m = 0.0\n  aux ~ Normal(m, 1)\n  a ~ Normal(aux, 1)\n"
                  "  beta ~ Normal(0, 1)\n}\n");
  CHECK_FALSE(compiled.ok());
  std::string messages = compiled.rendered_diagnostics();
  CHECK(messages.find("test.ppl:3:3: error: model latent site 'betta' is not sampled by the guide") !=
        std::string::npos);
  CHECK(messages.find("test.ppl:9:3: error: guide site 'beta' has no latent site of that name in "
                      "the model; did you mean 'betta'?") != std::string::npos);
  CHECK(messages.find("'aux'") == std::string::npos);
  frontend::CompiledProgram auxiliary = frontend::compile_source(
      "test.ppl", "model {\n  a ~ Normal(0, 1)\n}\n"
                  "guide {\n  param m = 0.0\n  aux ~ Normal(m, 1)\n  a ~ Normal(aux, 1)\n}\n");
  CHECK(auxiliary.ok());
}

TEST_CASE("a guide site whose shape differs from the model's is an error") {
  auto shapes = test::load("model {\n  a ~ Normal(0, 1)\n}\n"
                           "guide {\n  param m = zeros([3])\n  a ~ Normal(m, 1)\n}\n");
  CHECK_THROWS_WITH(test::fit(shapes, std::nullopt, 0),
                    "the guide does not fit the model:\n  test.ppl:6:3: site 'a' has shape [3] in the guide but [] "
                    "in the model");
}

TEST_CASE("a Delta guide site whose value is a param is reached by that param") {
  // Delta(m)'s density at its own point is flat in m, but its value is m:
  // no "depends on no param" warning. A Normal(0, 1) site is param-free.
  auto p = test::load(
      "model {\n  x ~ Normal(0, 1)\n  y ~ Normal(0, 1)\n}\n"
      "guide {\n  param m = 0.5\n  x ~ Delta(m)\n  y ~ Normal(0, 1)\n}\n");
  auto f = test::fit(p, std::nullopt, 0);
  auto free_sites = infer::param_free_guide_sites(*f->objective, RandomKey(1));
  CHECK(free_sites == std::vector<std::string>{"y"});
}
