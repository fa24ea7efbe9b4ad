// Autoguides against exact posteriors: a conjugate Normal mean, its MAP, and
// eight schools (non-centered) against published figures.
#include <fmt/format.h>

#include <cmath>

#include "svi_test_support.h"

#include "dist/normal.h"

using namespace ppl;

namespace {

// mu ~ Normal(0, 10), y[i] ~ Normal(mu, 2), i < 100, y[i] = 1.5 + 2 sin(i):
// posterior precision 1/100 + 100/4, mean (sum y / 4) / precision.
struct Conjugate {
  test::LoadedProgram program;
  double mean = 0, sd = 0;
  Conjugate() {
    std::string y = "[";
    double sum = 0;
    for (int i = 0; i < 100; ++i) {
      double v = 1.5 + 2 * std::sin(i);
      sum += v;
      y += (i ? "," : "") + std::to_string(v);
    }
    y += "]";
    program = test::load(
        "data { N: int  y: real[N] }\nmodel {\n  mu ~ Normal(0, 10)\n  plate i in N {\n"
        "    obs_y ~ Normal(mu, 2) obs y\n  }\n}\n",
        R"({"N": 100, "y": )" + y + "}");
    // std::to_string rounds to 6 decimals; recompute the sum from the same text.
    sum = 0;
    for (int i = 0; i < 100; ++i) sum += std::stod(std::to_string(1.5 + 2 * std::sin(i)));
    double precision = 1.0 / 100 + 100.0 / 4;
    mean = sum / 4 / precision;
    sd = 1 / std::sqrt(precision);
  }
};

}  // namespace

TEST_CASE("auto_normal recovers the exact posterior of a conjugate Normal mean") {
  Conjugate c;
  // A decaying rate lets the final iterate settle: 0.01 -> 0.0001 over 6000 steps.
  auto f = test::fit(c.program, "auto_normal", 6000, "adam:0.01,exp:0.01:6000", {}, 1);
  CHECK(f->param("auto_loc.mu") == doctest::Approx(c.mean).epsilon(0.01 * c.sd / c.mean));
  CHECK(f->param("auto_scale.mu") == doctest::Approx(c.sd).epsilon(0.03));
}

TEST_CASE("auto_diagonal_normal equals auto_normal up to Monte Carlo error") {
  Conjugate c;
  auto f = test::fit(c.program, "auto_diagonal_normal", 6000, "adam:0.01,exp:0.01:6000", {}, 2);
  ad::Tape tape;
  const infer::ParamEntry& loc = *f->store.find("auto_loc");
  const infer::ParamEntry& scale = *f->store.find("auto_scale");
  CHECK(f->store.constrained(loc).values()[0] == doctest::Approx(c.mean).epsilon(0.01 * c.sd / c.mean));
  CHECK(f->store.constrained(scale).values()[0] == doctest::Approx(c.sd).epsilon(0.03));
}

TEST_CASE("auto_delta recovers the MAP") {
  // With a Normal prior and likelihood the MAP is the posterior mean.
  Conjugate c;
  auto f = test::fit(c.program, "auto_delta", 3000, "adam:0.05,exp:0.01:3000", {}, 3);
  CHECK(f->param("auto_loc.mu") == doctest::Approx(c.mean).epsilon(1e-4));
}

TEST_CASE("eight schools, non-centered, auto_normal with Adam 0.01 for 10000 steps") {
  // The best diagonal-Gaussian ELBO is -31.597 (exact log evidence -31.311);
  // the exact posterior mean of mu is 4.4; mean-field guides put the median
  // of tau near 2.2, below the exact 2.75.
  auto p = test::load_file("eight_schools_noncentered.ppl", "eight_schools.data.json");
  auto f = test::fit(p, "auto_normal", 10000, "adam:0.01", {}, 1);
  // The ELBO of the final guide, from 20000 fresh particles.
  const double elbo = test::fresh_elbo(p, *f, 20000, RandomKey(99));
  CHECK(std::abs(elbo - (-31.6)) < 0.15);
  auto draws = infer::guide_posterior_draws(*f->objective, 4000, RandomKey(5));
  std::vector<double> mu, tau;
  for (const auto& site : draws) {
    for (const auto& d : site.draws[0]) {
      if (site.name == "mu") mu.push_back(d[0]);
      if (site.name == "tau") tau.push_back(d[0]);
    }
  }
  REQUIRE(mu.size() == 4000);
  double mean_mu = 0;
  for (double v : mu) mean_mu += v / mu.size();
  std::sort(tau.begin(), tau.end());
  double median_tau = tau[tau.size() / 2];
  CHECK(std::abs(mean_mu - 4.4) < 0.5);
  CHECK(median_tau > 2.0);
  CHECK(median_tau < 2.6);
}

namespace {

// a ~ Uniform(0, 1), b ~ Uniform(0, a): b's support moves with a. In the
// unconstrained coordinates x = logit(a), y = logit(b / a) the density is
// (1/a) * a(1 - a) * a s(y)(1 - s(y)) = s'(x) s'(y), s the logistic
// function: x and y are independent standard logistic variables. So
// E[a] = 1/2 and, for any guide symmetric in x and y, E[b] = 1/4.
const char* const kMovingSupport =
    "model {\n  a ~ Uniform(0, 1)\n  b ~ Uniform(0, a)\n}\n";

double log_logistic_density(double x) { return -x - 2 * std::log1p(std::exp(-x)); }
double log_normal_density(double x, double loc, double scale) {
  const double z = (x - loc) / scale;
  return -0.5 * z * z - std::log(scale) - 0.5 * std::log(2 * M_PI);
}

}  // namespace

TEST_CASE("auto_normal follows a support that moves with another latent: one particle's ELBO") {
  test::LoadedProgram p = test::load(kMovingSupport, "{}");
  auto f = test::fit(p, "auto_normal", 0);
  RandomKey key(7);
  infer::ElboObjective::Evaluation e = f->objective->evaluate(key);
  // The same draw again, to read its values: a constrained, b unconstrained.
  f->objective->tape().clear();
  f->objective->params().reset();
  infer::ElboObjective::Traces t = f->objective->run_particle(fold_in(key, 0));
  const double a = t.guide.find("a")->value().item();
  const double y = t.guide.find("b")->value().item();
  const double x = std::log(a / (1 - a));
  const double b = t.model.find("b")->value().item();
  CHECK(b == doctest::Approx(a / (1 + std::exp(-y))).epsilon(1e-12));  // b's bijection at this a
  const double expected = log_logistic_density(x) + log_logistic_density(y) -
                          log_normal_density(x, f->param("auto_loc.a"), f->param("auto_scale.a")) -
                          log_normal_density(y, f->param("auto_loc.b"), f->param("auto_scale.b"));
  CHECK(-e.loss == doctest::Approx(expected).epsilon(1e-10));
}

TEST_CASE("auto_normal and auto_diagonal_normal fit a support that moves: E[a] = 1/2, E[b] = 1/4") {
  test::LoadedProgram p = test::load(kMovingSupport, "{}");
  for (std::string kind : {"auto_normal", "auto_diagonal_normal"}) {
    auto f = test::fit(p, kind, 4000, "adam:0.02,exp:0.05:4000", {}, 5);
    // The best Normal for a standard logistic is 0.0095 nats from it (KL, by
    // quadrature) per coordinate: the ELBO tends to -0.019, seen through noise.
    CHECK(f->final_elbo(400) < 0.06);
    CHECK(f->final_elbo(400) > -0.12);
    std::vector<infer::SiteDraws> draws =
        infer::guide_posterior_draws(*f->objective, 4000, RandomKey(11));
    for (const infer::SiteDraws& site : draws) {
      double sum = 0;
      for (const auto& draw : site.draws[0]) sum += draw[0];
      const double mean = sum / site.draws[0].size();
      INFO(site.name);
      // Monte Carlo error of 4000 draws: about 0.005 for a, 0.003 for b.
      CHECK(mean == doctest::Approx(site.name == "a" ? 0.5 : 0.25).epsilon(0.03 / (site.name == "a" ? 0.5 : 0.25)));
    }
  }
}

TEST_CASE("an autoguide's params and sites are messages through a handler stack") {
  ad::Tape tape;
  infer::ParamStore store;
  infer::ParamHandler params(store, tape);
  infer::AutoGuideRun run(params, tape, RandomKey(0), nullptr);
  // A new param is registered with its initial value (constrained), a known
  // one keeps the value the store holds.
  int initial_calls = 0;
  auto initial = [&] {
    ++initial_calls;
    return Array::full(Shape{}, 0.5);
  };
  ad::Var scale = run.param("auto_scale.x", dist::Constraint::of(dist::ConstraintKind::Positive), initial);
  CHECK(scale.item() == doctest::Approx(0.5).epsilon(1e-14));
  REQUIRE(store.find("auto_scale.x") != nullptr);
  CHECK(store.values()[store.find("auto_scale.x")->offset] == doctest::Approx(std::log(0.5)));
  store.values()[0] = std::log(2.0);
  infer::ParamHandler next_step(store, tape);
  infer::AutoGuideRun again(next_step, tape, RandomKey(0), nullptr);
  CHECK(again.param("auto_scale.x", dist::Constraint::of(dist::ConstraintKind::Positive), initial)
            .item() == doctest::Approx(2.0).epsilon(1e-14));
  // The initial value is computed only for the new param.
  CHECK(initial_calls == 1);
  // The trace holds the sample sites; the params are hidden from it.
  ad::Var x = tape.constant(Array::full(Shape{}, 0.25));
  run.sample("x", std::make_shared<dist::Normal>(tape.constant(0.0), scale), x);
  handlers::Trace trace = run.take_trace();
  REQUIRE(trace.sites().size() == 1);
  CHECK(trace.sites()[0].name == "x");
  CHECK(trace.sites()[0].value().item() == 0.25);
}

namespace {

// mu ~ Normal(0, 10), z[i] ~ Normal(mu, 1), y[i] ~ Normal(z[i], 0.5), 40
// rows, with the plate subsampled 10 at a time or not at all.
std::string local_latent_model(bool subsampled) {
  return std::string("data { N: int  y: real[N] }\nmodel {\n  mu ~ Normal(0, 10)\n") +
         (subsampled ? "  plate rows in N subsample 10 as idx {\n"
                       "    z ~ Normal(mu, 1)\n    obs_y ~ Normal(z, 0.5) obs y[idx]\n  }\n}\n"
                     : "  plate rows in N {\n"
                       "    z ~ Normal(mu, 1)\n    obs_y ~ Normal(z, 0.5) obs y\n  }\n}\n");
}

std::string local_latent_data() {
  std::string y = "[";
  for (int i = 0; i < 40; ++i) y += fmt::format("{}{:.6f}", i ? ", " : "", 2 + 1.5 * std::sin(i));
  return R"({"N": 40, "y": )" + y + "]}";
}

}  // namespace

TEST_CASE("auto_normal on a subsampled plate: full-size local params match the fit without it") {
  auto whole = test::load(local_latent_model(false), local_latent_data());
  auto mini = test::load(local_latent_model(true), local_latent_data());
  auto full_fit = test::fit(whole, "auto_normal", 6000, "adam:0.02,exp:0.02:6000", {}, 1);
  auto mini_fit = test::fit(mini, "auto_normal", 24000, "adam:0.02,exp:0.02:24000", {}, 1);
  const Array loc_full = full_fit->store.constrained(*full_fit->store.find("auto_loc.z"));
  const Array loc_mini = mini_fit->store.constrained(*mini_fit->store.find("auto_loc.z"));
  const Array scale_mini = mini_fit->store.constrained(*mini_fit->store.find("auto_scale.z"));
  REQUIRE(loc_mini.shape() == Shape{40});  // the whole plate, not the minibatch of 10
  // Mean field is exact for each z[i] given the rest: sd sqrt(1 / (1 + 4)).
  for (int i = 0; i < 40; ++i) {
    CAPTURE(i);
    CHECK(std::abs(loc_mini.values()[i] - loc_full.values()[i]) < 0.05);
    CHECK(scale_mini.values()[i] == doctest::Approx(std::sqrt(0.2)).epsilon(0.1));
  }
  CHECK(std::abs(mini_fit->param("auto_loc.mu") - full_fit->param("auto_loc.mu")) < 0.05);
}

TEST_CASE("auto_delta on a subsampled plate: a point per row, the MAP of the fit without it") {
  auto whole = test::load(local_latent_model(false), local_latent_data());
  auto mini = test::load(local_latent_model(true), local_latent_data());
  auto full_fit = test::fit(whole, "auto_delta", 4000, "adam:0.02,exp:0.02:4000", {}, 1);
  auto mini_fit = test::fit(mini, "auto_delta", 16000, "adam:0.02,exp:0.02:16000", {}, 1);
  const Array z_mini = mini_fit->store.constrained(*mini_fit->store.find("auto_loc.z"));
  REQUIRE(z_mini.shape() == Shape{40});
  // The joint MAP in closed form. d/dz[i] = 0 gives z[i] = (mu + 4 y[i]) / 5;
  // d/dmu = -mu/100 + sum (z[i] - mu) = -mu/100 + (4/5)(sum y - 40 mu) = 0.
  std::vector<double> y(40);
  double sum_y = 0;
  for (int i = 0; i < 40; ++i) sum_y += (y[i] = 2 + 1.5 * std::sin(i));
  const double mu = 0.8 * sum_y / (0.01 + 32);
  CHECK(mini_fit->param("auto_loc.mu") == doctest::Approx(mu).epsilon(0.01));
  for (int i = 0; i < 40; ++i) {
    CAPTURE(i);
    CHECK(std::abs(z_mini.values()[i] - (mu + 4 * y[i]) / 5) < 0.02);
    CHECK(std::abs(z_mini.values()[i] -
                   full_fit->store.constrained(*full_fit->store.find("auto_loc.z")).values()[i]) <
          0.02);
  }
}

TEST_CASE("guides with one distribution over all coordinates refuse a subsampled plate's sites") {
  auto mini = test::load(local_latent_model(true), local_latent_data());
  CHECK_THROWS_WITH(test::fit(mini, "auto_multivariate_normal", 0),
                    doctest::Contains("site 'z' is a local latent of the subsampled plate 'rows'"));
  // As a part of a list, auto_normal takes the local sites.
  auto list = test::fit(mini, "auto_normal[z] + auto_multivariate_normal", 10);
  CHECK(list->store.find("auto_loc.z") != nullptr);
}
