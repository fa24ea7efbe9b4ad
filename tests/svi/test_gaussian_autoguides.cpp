// The autoguides with one joint Gaussian over every latent coordinate
// against exact posteriors: a correlated conjugate multivariate Normal
// (mean and covariance by linear algebra) and eight schools (the best
// full-rank Gaussian ELBO, -31.53, computed by Pyro with many particles).
#include <fmt/format.h>

#include <Eigen/Dense>
#include <cmath>

#include "infer/svi/guide_quantiles.h"
#include "svi_test_support.h"

using namespace ppl;

namespace {

// x ~ MultivariateNormal(0, 4 I) in five dims, y[i] ~ MultivariateNormal(x,
// S), i < 5, with S = I + 20 v v^T for v = (1, 2, -1, 0.5, 1) / |.|: the
// posterior covariance (I / 4 + 5 S^-1)^-1 is about ten times wider along v
// than across it, and its mean is that covariance times S^-1 sum y.
struct CorrelatedConjugate {
  test::LoadedProgram program;
  Eigen::VectorXd mean;
  Eigen::MatrixXd covariance;
  Eigen::VectorXd direction;

  CorrelatedConjugate() {
    const int d = 5, n = 5;
    direction = Eigen::VectorXd(d);
    direction << 1, 2, -1, 0.5, 1;
    direction.normalize();
    const Eigen::MatrixXd noise =
        Eigen::MatrixXd::Identity(d, d) + 20 * direction * direction.transpose();
    Eigen::MatrixXd y(n, d);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < d; ++j) y(i, j) = std::sin(1.0 + i * d + j) + 0.3 * j;
    std::string y_text = "[", noise_text = "[";
    for (int i = 0; i < n; ++i) {
      y_text += i ? ", [" : "[";
      for (int j = 0; j < d; ++j) y_text += fmt::format("{}{:.17g}", j ? ", " : "", y(i, j));
      y_text += "]";
    }
    for (int i = 0; i < d; ++i) {
      noise_text += i ? ", [" : "[";
      for (int j = 0; j < d; ++j)
        noise_text += fmt::format("{}{:.17g}", j ? ", " : "", noise(i, j));
      noise_text += "]";
    }
    program = test::load(
        "data {\n  y: real[5, 5]\n  S: real[5, 5]\n}\nmodel {\n"
        "  x ~ MultivariateNormal(zeros([5]), covariance_matrix=4 * eye(5))\n"
        "  plate i in 5 {\n    obs_y ~ MultivariateNormal(x, covariance_matrix=S) obs y\n  }\n}\n",
        fmt::format(R"({{"y": {}], "S": {}]}})", y_text, noise_text));
    const Eigen::MatrixXd noise_inverse = noise.inverse();
    const Eigen::MatrixXd precision = Eigen::MatrixXd::Identity(d, d) / 4.0 + n * noise_inverse;
    covariance = precision.inverse();
    mean = covariance * noise_inverse * y.colwise().sum().transpose();
  }
};

Eigen::VectorXd param_vector(const test::SviFit& f, const std::string& name) {
  return f.store.constrained(*f.store.find(name)).values().matrix();
}

Eigen::MatrixXd param_matrix(const test::SviFit& f, const std::string& name) {
  const Array a = f.store.constrained(*f.store.find(name));
  Eigen::MatrixXd m(a.shape()[0], a.shape()[1]);
  for (int64_t i = 0; i < a.shape()[0]; ++i)
    for (int64_t j = 0; j < a.shape()[1]; ++j) m(i, j) = a.values()[i * a.shape()[1] + j];
  return m;
}

// Mean within 5% of each sd, covariance within 10% of sqrt(C_ii C_jj).
void check_posterior(const Eigen::VectorXd& mean, const Eigen::MatrixXd& covariance,
                     const CorrelatedConjugate& exact) {
  for (int i = 0; i < 5; ++i) {
    CAPTURE(i);
    const double sd = std::sqrt(exact.covariance(i, i));
    CHECK(std::abs(mean[i] - exact.mean[i]) < 0.05 * sd);
    for (int j = 0; j < 5; ++j) {
      CAPTURE(j);
      const double unit = std::sqrt(exact.covariance(i, i) * exact.covariance(j, j));
      CHECK(std::abs(covariance(i, j) - exact.covariance(i, j)) < 0.1 * unit);
    }
  }
}

infer::ElboSettings particles(int n) {
  infer::ElboSettings settings;
  settings.particles = n;
  return settings;
}

}  // namespace

TEST_CASE("auto_multivariate_normal recovers a correlated Gaussian's mean and covariance") {
  CorrelatedConjugate exact;
  auto f = test::fit(exact.program, "auto_multivariate_normal", 4000, "adam:0.02,exp:0.01:4000",
                     particles(4), 1);
  const Eigen::MatrixXd scale_tril = param_matrix(*f, "auto_scale_tril");
  check_posterior(param_vector(*f, "auto_loc"), scale_tril * scale_tril.transpose(), exact);
}

TEST_CASE("auto_lowrank_multivariate_normal: full rank matches, rank 1 finds the main axis") {
  CorrelatedConjugate exact;
  auto full = test::fit(exact.program, "auto_lowrank_multivariate_normal", 4000,
                        "adam:0.02,exp:0.01:4000", particles(4), 2, 5);
  const Eigen::VectorXd scale = param_vector(*full, "auto_scale");
  const Eigen::MatrixXd factor = scale.asDiagonal() * param_matrix(*full, "auto_cov_factor");
  const Eigen::MatrixXd covariance =
      factor * factor.transpose() + Eigen::MatrixXd(scale.array().square().matrix().asDiagonal());
  check_posterior(param_vector(*full, "auto_loc"), covariance, exact);

  auto one = test::fit(exact.program, "auto_lowrank_multivariate_normal", 4000,
                       "adam:0.02,exp:0.01:4000", particles(4), 3, 1);
  const Eigen::MatrixXd w =
      param_vector(*one, "auto_scale").asDiagonal() * param_matrix(*one, "auto_cov_factor");
  REQUIRE(w.cols() == 1);
  const double cosine = std::abs(w.col(0).normalized().dot(exact.direction));
  CHECK(cosine > 0.95);
}

TEST_CASE("eight schools, non-centered: auto_multivariate_normal reaches the best full-rank ELBO") {
  // Pyro with many particles: best full-rank Gaussian ELBO -31.53, best
  // diagonal -31.60, exact log evidence -31.31.
  auto p = test::load_file("eight_schools_noncentered.ppl", "eight_schools.data.json");
  auto f = test::fit(p, "auto_multivariate_normal", 10000, "adam:0.01,exp:0.1:10000", {}, 1);
  const double elbo = test::fresh_elbo(p, *f, 20000, RandomKey(99));
  CHECK(std::abs(elbo - (-31.53)) < 0.1);
}

TEST_CASE("auto_laplace_approximation is exact on a Gaussian posterior") {
  CorrelatedConjugate exact;
  auto f = test::fit(exact.program, "auto_laplace_approximation", 3000, "adam:0.05,exp:0.001:3000",
                     {}, 4);
  f->guide->after_fit(f->store, exact.program.program, exact.program.data);
  const Eigen::VectorXd loc = param_vector(*f, "auto_loc");
  const Eigen::MatrixXd scale_tril = param_matrix(*f, "auto_scale_tril");
  const Eigen::MatrixXd covariance = scale_tril * scale_tril.transpose();
  for (int i = 0; i < 5; ++i) {
    CAPTURE(i);
    const double sd = std::sqrt(exact.covariance(i, i));
    CHECK(std::abs(loc[i] - exact.mean[i]) < 1e-3 * sd);
    for (int j = 0; j < 5; ++j)
      CHECK(covariance(i, j) ==
            doctest::Approx(exact.covariance(i, j))
                .epsilon(1e-6)
                .scale(std::sqrt(exact.covariance(i, i) * exact.covariance(j, j))));
  }
  // The posterior draws come from that Normal.
  auto draws = infer::guide_posterior_draws(*f->objective, 20000, RandomKey(8));
  REQUIRE(draws.size() == 1);
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(5);
  for (const auto& d : draws[0].draws[0])
    for (int i = 0; i < 5; ++i) mean[i] += d[i] / 20000.0;
  for (int i = 0; i < 5; ++i)
    CHECK(std::abs(mean[i] - exact.mean[i]) < 4 * std::sqrt(exact.covariance(i, i) / 20000.0));
}

TEST_CASE("auto_laplace_approximation says when the Hessian is not positive definite") {
  // log p(a) = -a^2 / 2 + a^2: the potential's second derivative is -1.
  auto p = test::load("model {\n  a ~ Normal(0, 1)\n  factor f = a * a\n}\n");
  auto f = test::fit(p, "auto_laplace_approximation", 0);
  CHECK_THROWS_WITH(f->guide->after_fit(f->store, p.program, p.data),
                    doctest::Contains("is not positive definite (smallest eigenvalue -1"));
  // Regularized by 3: the Hessian is 2, the variance 1/2.
  ad::Tape tape;
  infer::ModelPotential potential(p.program, p.data, RandomKey(0));
  Eigen::VectorXd start = infer::initial_point(potential, infer::InitStrategy{}, RandomKey(1));
  infer::AutoGuideSettings settings;
  settings.laplace_regularization = 3;
  auto guide =
      infer::make_autoguide("auto_laplace_approximation", {potential.layout(), start, settings});
  infer::ParamStore store;
  infer::ElboObjective objective(p.program, p.data, *guide, store, {});
  objective.initialize(RandomKey(2));
  guide->after_fit(store, p.program, p.data);
  CHECK(store.constrained(*store.find("auto_scale_tril")).item() ==
        doctest::Approx(std::sqrt(0.5)).epsilon(1e-6));
}

TEST_CASE("the Gaussian autoguides' quantiles are exact through each site's bijection") {
  // Eight schools: mu is real, tau positive (Exp), theta_raw real [8].
  auto p = test::load_file("eight_schools_noncentered.ppl", "eight_schools.data.json");
  const std::vector<double> levels{0.05, 0.5, 0.9};
  const double z05 = -1.6448536269514722, z90 = 1.2815515655446004;  // Phi^-1
  for (const char* guide : {"auto_normal", "auto_diagonal_normal", "auto_multivariate_normal",
                            "auto_lowrank_multivariate_normal"}) {
    CAPTURE(guide);
    auto f = test::fit(p, guide, 200, "adam:0.05", {}, 3);
    auto quantiles = infer::guide_quantiles(*f->guide, f->store, levels);
    REQUIRE(quantiles.has_value());
    REQUIRE(quantiles->sites.size() == 3);
    // The unconstrained loc and sd of tau (coordinate 1) from the params.
    double loc = 0, sd = 0;
    const std::string name = guide;
    if (name == "auto_normal") {
      loc = f->param("auto_loc.tau");
      sd = f->param("auto_scale.tau");
    } else {
      loc = param_vector(*f, "auto_loc")[1];
      if (name == "auto_diagonal_normal") {
        sd = param_vector(*f, "auto_scale")[1];
      } else if (name == "auto_multivariate_normal") {
        sd = param_matrix(*f, "auto_scale_tril").row(1).norm();
      } else {
        const Eigen::VectorXd s = param_vector(*f, "auto_scale");
        const Eigen::MatrixXd w = s.asDiagonal() * param_matrix(*f, "auto_cov_factor");
        sd = std::sqrt(w.row(1).squaredNorm() + s[1] * s[1]);
      }
    }
    const infer::SiteQuantiles& tau = quantiles->sites[1];
    REQUIRE(tau.name == "tau");
    REQUIRE(tau.values.size() == 1);
    CHECK(tau.values[0][0] == doctest::Approx(std::exp(loc + sd * z05)).epsilon(1e-12));
    CHECK(tau.values[0][1] == doctest::Approx(std::exp(loc)).epsilon(1e-12));
    CHECK(tau.values[0][2] == doctest::Approx(std::exp(loc + sd * z90)).epsilon(1e-12));
    CHECK(quantiles->sites[2].values.size() == 8);
  }
  auto delta = test::fit(p, "auto_delta", 10);
  CHECK_FALSE(infer::guide_quantiles(*delta->guide, delta->store, levels).has_value());
}
