// The ELBO estimators: pathwise gradients against finite differences,
// score-function gradients against a closed form, the Renyi bound's place
// between the ELBO and the log evidence, and meanfield against trace on the
// deep Markov model.
#include <cmath>

#include "infer/elbo/elbo_report.h"
#include "svi_test_support.h"

using namespace ppl;

namespace {

// x ~ Normal(0, 1), y ~ Normal(x, 1) observed at 1: log evidence
// log N(1; 0, sqrt 2). Guide Normal(m, s).
const char* kNormalPair =
    "model {\n  x ~ Normal(0, 1)\n  y ~ Normal(x, 1) obs 1.0\n}\n"
    "guide {\n  param m = 0.3\n  param s: positive = 0.5\n  x ~ Normal(m, s)\n}\n";

infer::ElboSettings settings(const std::string& estimator, int particles) {
  infer::ElboSettings s = infer::parse_elbo(estimator);
  s.particles = particles;
  return s;
}

}  // namespace

TEST_CASE("trace ELBO: the pathwise gradient matches finite differences at a fixed key") {
  // One particle runs the loop; three run vectorized once the first
  // evaluation has checked the vectorized scoring against the loop.
  auto p = test::load(kNormalPair);
  for (int particles : {1, 3}) {
    CAPTURE(particles);
    auto f = test::fit(p, std::nullopt, 0, "adam:0.01", settings("trace", particles));
    RandomKey key(17);
    f->objective->evaluate(key);
    CHECK(f->objective->vectorized() == (particles > 1));
    Eigen::VectorXd g = f->objective->evaluate(key).gradient;
    REQUIRE(g.size() == 2);
    for (int i = 0; i < 2; ++i) {
      const double h = 1e-6;
      Eigen::VectorXd saved = f->store.values();
      f->store.values()[i] += h;
      double up = f->objective->evaluate(key).loss;
      f->store.values()[i] -= 2 * h;
      double down = f->objective->evaluate(key).loss;
      f->store.values() = saved;
      CHECK(g[i] == doctest::Approx((up - down) / (2 * h)).epsilon(1e-6));
    }
  }
}

TEST_CASE("trace and tracegraph: score-function gradients of a Bernoulli guide are unbiased") {
  // z ~ Bernoulli(0.3) in the model, Bernoulli(sigmoid(a)) in the guide:
  // ELBO(a) = -KL = -(q log(q / 0.3) + (1 - q) log((1 - q) / 0.7)), q = sigmoid(a);
  // dELBO/da = -q (1 - q) log(q 0.7 / ((1 - q) 0.3)). The loss is -ELBO.
  auto p = test::load(
      "model {\n  z ~ Bernoulli(0.3)\n}\n"
      "guide {\n  param a = 0.4\n  z ~ Bernoulli(logits=a)\n}\n");
  double q = 1 / (1 + std::exp(-0.4));
  double expected = q * (1 - q) * std::log(q * 0.7 / ((1 - q) * 0.3));  // d loss / da
  for (std::string kind : {"trace", "tracegraph"}) {
    CAPTURE(kind);
    auto f = test::fit(p, std::nullopt, 0, "adam:0.01", settings(kind, 1));
    const int n = 20000;
    double sum = 0, squares = 0;
    for (int i = 0; i < n; ++i) {
      double g = f->objective->evaluate(RandomKey(1000 + i)).gradient[0];
      sum += g;
      squares += g * g;
    }
    double mean = sum / n, se = std::sqrt((squares / n - mean * mean) / n);
    CHECK(se > 0);
    CHECK(std::abs(mean - expected) < 4 * se);
  }
}

TEST_CASE("renyi with alpha 0 lies between the ELBO and the log evidence") {
  auto p = test::load(kNormalPair);
  double log_evidence = -0.5 * std::log(2 * M_PI * 2) - 0.25;
  auto trace = test::fit(p, std::nullopt, 0, "adam:0.01", settings("trace", 1));
  auto renyi = test::fit(p, std::nullopt, 0, "adam:0.01", settings("renyi:0", 20));
  const int n = 2000;
  double elbo = 0, bound = 0;
  for (int i = 0; i < n; ++i) {
    elbo -= trace->objective->evaluate(RandomKey(i)).loss / n;
    bound -= renyi->objective->evaluate(RandomKey(i)).loss / n;
  }
  // Closed form of the ELBO for q = N(0.3, 0.5): E[log p(x) + log p(1 | x)] + H(q).
  double m = 0.3, s = 0.5;
  double expected_elbo = -std::log(2 * M_PI) - 0.5 * (m * m + s * s) - 0.5 * ((1 - m) * (1 - m) + s * s) +
                         0.5 * std::log(2 * M_PI * M_E * s * s);
  CHECK(elbo == doctest::Approx(expected_elbo).epsilon(0.01));
  CHECK(bound > elbo + 0.02);
  CHECK(bound < log_evidence);
}

TEST_CASE("deep Markov model: meanfield and trace estimate one ELBO; meanfield's gradient varies less") {
  auto p = test::load_file("seed004_dmm.ppl", "seed004_dmm.data.json");
  // The guide block lives in its own file: compile both together.
  frontend::CompiledProgram compiled = frontend::compile_files(
      std::string(PPL_SOURCE_DIR) + "/models/seed004_dmm.ppl",
      std::string(PPL_SOURCE_DIR) + "/models/seed004_dmm_guide.ppl");
  REQUIRE(compiled.ok());
  p.program = frontend::lower(compiled.program);
  auto trace = test::fit(p, std::nullopt, 200, "adam:0.01", settings("trace", 1), 3);
  auto meanfield = test::fit(p, std::nullopt, 0, "adam:0.01", settings("meanfield", 1), 3);
  meanfield->store.values() = trace->store.values();  // the same params
  const int n = 300;
  std::vector<double> a, b;
  Eigen::VectorXd sum_a, sum_b, sq_a, sq_b;
  for (int i = 0; i < n; ++i) {
    auto ea = trace->objective->evaluate(RandomKey(500 + i));
    auto eb = meanfield->objective->evaluate(RandomKey(500 + i));
    a.push_back(-ea.loss);
    b.push_back(-eb.loss);
    if (i == 0) {
      sum_a = sum_b = sq_a = sq_b = Eigen::VectorXd::Zero(ea.gradient.size());
    }
    sum_a += ea.gradient;
    sq_a += ea.gradient.cwiseProduct(ea.gradient);
    sum_b += eb.gradient;
    sq_b += eb.gradient.cwiseProduct(eb.gradient);
  }
  auto mean_se = [](const std::vector<double>& v) {
    double m = 0, s = 0;
    for (double x : v) m += x / v.size();
    for (double x : v) s += (x - m) * (x - m);
    return std::pair{m, std::sqrt(s / (v.size() - 1) / v.size())};
  };
  auto [ma, sa] = mean_se(a);
  auto [mb, sb] = mean_se(b);
  CHECK(std::abs(ma - mb) < 4 * std::sqrt(sa * sa + sb * sb));
  double variance_a = (sq_a / n - (sum_a / n).cwiseProduct(sum_a / n)).sum();
  double variance_b = (sq_b / n - (sum_b / n).cwiseProduct(sum_b / n)).sum();
  CHECK(variance_b < 0.8 * variance_a);
  MESSAGE("ELBO trace " << ma << " +- " << sa << ", meanfield " << mb << " +- " << sb
                        << "; gradient variance trace " << variance_a << ", meanfield " << variance_b);
}

TEST_CASE("autoguide particles run vectorized where the model allows, one by one elsewhere") {
  // The first evaluation runs both ways on the same draws and keeps the
  // vectorized run only when loss and gradient agree to 1e-9.
  infer::ElboSettings ten;
  ten.particles = 10;
  auto schools = test::load_file("eight_schools_noncentered.ppl", "eight_schools.data.json");
  auto f = test::fit(schools, "auto_normal", 0, "adam:0.01", ten);
  f->objective->evaluate(RandomKey(1));
  CHECK(f->objective->vectorized());
  auto g = test::fit(schools, "auto_diagonal_normal", 0, "adam:0.01", ten);
  g->objective->evaluate(RandomKey(1));
  CHECK(g->objective->vectorized());
}

namespace {

// The loss and gradient of `particles` particles at `key`, vectorized when
// `vectorize` (which must then be allowed) or one by one.
infer::ElboObjective::Evaluation evaluate_particles(const test::LoadedProgram& p,
                                                    const std::optional<std::string>& guide,
                                                    int particles, bool vectorize, RandomKey key) {
  infer::ElboSettings s;
  s.particles = particles;
  auto f = test::fit(p, guide, 0, "adam:0.01", s);
  if (!vectorize) f->objective->run_particles_one_by_one();
  f->objective->evaluate(key);
  REQUIRE(f->objective->vectorized() == vectorize);
  return f->objective->evaluate(key);
}

void check_vectorized_equals_looped(const test::LoadedProgram& p,
                                    const std::optional<std::string>& guide, int particles) {
  for (uint64_t seed : {3, 4}) {
    CAPTURE(seed);
    auto looped = evaluate_particles(p, guide, particles, false, RandomKey(seed));
    auto vectorized = evaluate_particles(p, guide, particles, true, RandomKey(seed));
    CHECK(vectorized.loss == doctest::Approx(looped.loss).epsilon(1e-12));
    REQUIRE(vectorized.gradient.size() == looped.gradient.size());
    for (Eigen::Index i = 0; i < looped.gradient.size(); ++i)
      CHECK(vectorized.gradient[i] == doctest::Approx(looped.gradient[i]).epsilon(1e-10));
  }
}

}  // namespace

TEST_CASE("autoguide particles of a scan model run vectorized, with the loop's loss and gradient") {
  // A scan site's stacked value keeps time leading and the particles next
  // (infer/draw_dim.h): each step's slice is one step of every particle.
  auto scan = test::load(test::model_source("seed001_state_space.ppl"),
                         R"({"T": 4, "y": [0.1, 0.2, -0.3, 0.5]})");
  check_vectorized_equals_looped(scan, "auto_normal", 5);
  // The stacked value read after the scan has the program's axes: time
  // first, with the particles left of it, so a sum over time stays one per
  // particle (a nonlinear factor of it would differ otherwise). A positive
  // scan site goes through its bijection per step and particle.
  auto after = test::load(R"(data { T: int }
model {
  phi ~ Uniform(-1, 1)
  x0 ~ Normal(0, 1)
  scan t in 0:T carry (x = x0) {
    x ~ Normal(phi * x, 1)
    s ~ LogNormal(0.1 * x, 0.5)
  }
  factor f = -0.5 * square(sum(x)) - sum(s[1:])
}
)",
      R"({"T": 3})");
  check_vectorized_equals_looped(after, "auto_normal", 4);
}

TEST_CASE("particles stand left of the data's dims, so a draw meets data as in the loop") {
  // mu is one number per particle; y has 4: the particle dim at -2 lets
  // Normal(mu, 2).log_prob(y) pair every particle with all of y.
  auto p = test::load(R"(data {
  N: int
  y: real[N]
}
model {
  mu ~ Normal(0, 1)
  factor lik = sum(Normal(mu, 2.0).log_prob(y))
}
)",
                      R"({"N": 4, "y": [0.5, -1.0, 2.0, 0.25]})");
  check_vectorized_equals_looped(p, "auto_normal", 3);
}

TEST_CASE("auto_normal under meanfield: analytic KL for real sites, Monte Carlo for transformed ones") {
  // mu and theta_raw are real (Normal || Normal KL); tau is positive, drawn
  // through exp, so its log q is a density weight that the KL registry's
  // Delta rule would drop: it must stay Monte Carlo.
  auto p = test::load_file("eight_schools_noncentered.ppl", "eight_schools.data.json");
  infer::ElboSettings meanfield;
  meanfield.estimator = "meanfield";
  auto trace = test::fit(p, "auto_normal", 0);
  auto mf = test::fit(p, "auto_normal", 0, "adam:0.01", meanfield);
  auto a = infer::estimate_elbo(*trace->objective, 3000, RandomKey(8));
  auto b = infer::estimate_elbo(*mf->objective, 3000, RandomKey(8));
  CHECK(b.sites["mu"].has_kl);
  CHECK(b.sites["theta_raw"].has_kl);
  CHECK_FALSE(b.sites["tau"].has_kl);
  CHECK(std::abs(a.elbo - b.elbo) < 4 * std::sqrt(a.standard_error * a.standard_error +
                                                  b.standard_error * b.standard_error));
  CHECK(b.gradient_variance < 0.5 * a.gradient_variance);
}

TEST_CASE("a Gamma guide learns the conjugate Gamma-Poisson posterior through implicit reparameterization") {
  // lambda ~ Gamma(3, 2), y ~ Poisson(lambda) for y = 4, 2, 5, 3, 6, 1, 4, 3:
  // the posterior is Gamma(3 + 28, 2 + 8) = Gamma(31, 10), inside the guide's
  // family, so the fitted mean a / b and sd sqrt(a) / b are the exact ones.
  auto p = test::load(
      "data { y: int[8] }\nmodel {\n  lambda ~ Gamma(3, 2)\n  plate i in 8 {\n"
      "    obs_y ~ Poisson(lambda) obs y\n  }\n}\n"
      "guide {\n  param a: positive = 2.0\n  param b: positive = 2.0\n  lambda ~ Gamma(a, b)\n}\n",
      R"({"y": [4, 2, 5, 3, 6, 1, 4, 3]})");
  infer::ElboSettings elbo;
  elbo.particles = 4;
  auto f = test::fit(p, std::nullopt, 4000, "adam:0.05,exp:0.02:4000", elbo, 2);
  double a = f->param("a"), b = f->param("b");
  CHECK(a / b == doctest::Approx(3.1).epsilon(0.01));
  CHECK(std::sqrt(a) / b == doctest::Approx(std::sqrt(31.0) / 10).epsilon(0.05));
}

namespace {
// trace and meanfield at the same params (after a few trace steps) must
// estimate one ELBO: within 4 standard errors of their difference.
void check_meanfield_matches_trace(const std::string& what, const test::LoadedProgram& p,
                                   std::optional<std::string> kind, int particles) {
  INFO(what);
  auto trace = test::fit(p, kind, 50, "adam:0.01", settings("trace", 1), 4);
  auto meanfield = test::fit(p, kind, 0, "adam:0.01", settings("meanfield", 1), 4);
  meanfield->store.values() = trace->store.values();
  auto a = infer::estimate_elbo(*trace->objective, particles, RandomKey(21));
  auto b = infer::estimate_elbo(*meanfield->objective, particles, RandomKey(22));
  MESSAGE(what << ": trace " << a.elbo << " +- " << a.standard_error << ", meanfield " << b.elbo
               << " +- " << b.standard_error);
  CHECK(std::abs(a.elbo - b.elbo) <
        4 * std::sqrt(a.standard_error * a.standard_error + b.standard_error * b.standard_error));
}

}  // namespace

TEST_CASE("meanfield and trace estimate one ELBO on every model, autoguides and guide programs") {
  const std::string state_space = R"({"T": 6, "y": [0.3, -0.2, 0.5, 1.1, 0.4, -0.6],
                                      "observed": [true, false, true, true, false, true],
                                      "phi": 0.8, "beta": 0.5})";
  auto schools_c = test::load_file("eight_schools_centered.ppl", "eight_schools.data.json");
  auto schools_n = test::load_file("eight_schools_noncentered.ppl", "eight_schools.data.json");
  check_meanfield_matches_trace("eight schools centered", schools_c, "auto_normal", 2000);
  check_meanfield_matches_trace("eight schools non-centered", schools_n, "auto_normal", 2000);
  check_meanfield_matches_trace("eight schools diagonal", schools_n, "auto_diagonal_normal", 2000);
  for (const char* model : {"seed000_inside_scan.ppl", "seed000_outside_scan.ppl"}) {
    auto p = test::load_file(model, "seed000.data.json");
    check_meanfield_matches_trace(std::string(model) + " auto_normal", p, "auto_normal", 1000);
    check_meanfield_matches_trace(std::string(model) + " guide block", p, std::nullopt, 1000);
  }
  for (const char* model : {"seed001_state_space.ppl", "seed001_state_space_partial.ppl",
                            "seed001_state_space_with_drift.ppl"}) {
    auto p = test::load(test::model_source(model), state_space);
    check_meanfield_matches_trace(model, p, "auto_normal", 2000);
  }
  auto factor = test::load_file("seed002_model_factor.ppl");
  check_meanfield_matches_trace("seed002 factor model", factor, "auto_normal", 1000);
  check_meanfield_matches_trace(
      "seed002 guide program",
      test::load_pair_with_data("seed002_model_nofactor.ppl", "seed002_guide_nofactor.ppl", "{}"), std::nullopt,
      1000);
  auto dmm = test::small_deep_markov_model();
  check_meanfield_matches_trace("deep Markov model auto_normal", dmm, "auto_normal", 500);
  std::string dmm_data = R"({"T": 3, "N": 2, "D": 2, "Z": 2, "H": 3,
                  "x": [[[1, 0], [0, 0]], [[1, 1], [0, 1]], [[0, 1], [1, 0]]]})";
  check_meanfield_matches_trace("deep Markov model guide",
                                test::load_pair_with_data("seed004_dmm.ppl", "seed004_dmm_guide.ppl", dmm_data),
                                std::nullopt, 500);
}

TEST_CASE("SVI particles: vectorized equals looped on every model with an autoguide") {
  // The first evaluation runs the particles one by one (and decides); a
  // second at the same key runs them at once where allowed: the same loss
  // and gradient either way.
  const std::string state_space = R"({"T": 6, "y": [0.3, -0.2, 0.5, 1.1, 0.4, -0.6],
                                      "observed": [true, false, true, true, false, true],
                                      "phi": 0.8, "beta": 0.5})";
  std::vector<std::pair<std::string, test::LoadedProgram>> cases;
  cases.emplace_back("eight schools centered", test::load_file("eight_schools_centered.ppl", "eight_schools.data.json"));
  cases.emplace_back("eight schools non-centered", test::load_file("eight_schools_noncentered.ppl", "eight_schools.data.json"));
  cases.emplace_back("seed000 inside", test::load_file("seed000_inside_scan.ppl", "seed000.data.json"));
  cases.emplace_back("seed000 outside", test::load_file("seed000_outside_scan.ppl", "seed000.data.json"));
  for (const char* m : {"seed001_state_space.ppl", "seed001_state_space_partial.ppl",
                        "seed001_state_space_with_drift.ppl"})
    cases.emplace_back(m, test::load(test::model_source(m), state_space));
  cases.emplace_back("seed002 factor", test::load_file("seed002_model_factor.ppl"));
  cases.emplace_back("seed002 no factor", test::load_file("seed002_model_nofactor.ppl"));
  cases.emplace_back("deep Markov model", test::small_deep_markov_model());
  for (auto& [name, p] : cases) {
    INFO(name);
    infer::ElboSettings five;
    five.particles = 5;
    auto f = test::fit(p, "auto_normal", 0, "adam:0.01", five);
    auto first = f->objective->evaluate(RandomKey(3));
    auto second = f->objective->evaluate(RandomKey(3));
    MESSAGE(name << std::string(f->objective->vectorized() ? ": vectorized" : ": particle by particle"));
    CHECK(second.loss == doctest::Approx(first.loss).epsilon(1e-9));
    CHECK((second.gradient - first.gradient).norm() <= 1e-7 * (1 + first.gradient.norm()));
  }
}
