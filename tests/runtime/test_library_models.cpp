// The shipped models of censored, truncated, probit, ordinal, random-walk,
// beta-binomial and zero-sum group-effect data: NUTS (4 chains, 500 + 1000 draws) against each
// posterior computed independently of ppl: in closed form where the model is
// conjugate, else by quadrature on a grid over the parameters of a log
// density written here with the C++ standard library (erfc, lgamma). Each
// grid's edges are checked to carry no mass. Means agree within 4 MCSE.
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <functional>
#include <numbers>
#include <vector>

#include "infer/diagnostics/convergence.h"
#include "model_chains.h"
#include "runtime_test_support.h"

using namespace ppl;

namespace {

nlohmann::json data_of(const std::string& file) {
  std::ifstream in(std::string(PPL_SOURCE_DIR) + "/models/" + file);
  return nlohmann::json::parse(in);
}

// Draws of every latent scalar, as the sites come in the trace, flattened.
std::vector<infer::Chains> posterior_draws(const std::string& model, const std::string& data,
                                           std::uint64_t seed) {
  test::LoadedProgram p = test::load_file(model, data);
  infer::ChainSettings settings;
  settings.kind = infer::SamplerKind::Nuts;
  settings.num_warmup = 500;
  settings.num_samples = 1000;
  test::ModelChains run = test::run_model_chains(p, settings, seed, 4);
  std::vector<infer::Chains> out;
  for (size_t c = 0; c < run.results.size(); ++c) {
    const auto& draws = run.results[c].draws;
    for (Eigen::Index i = 0; i < draws.rows(); ++i) {
      size_t k = 0;
      for (const std::vector<double>& site :
           run.potentials[c]->constrained_values(draws.row(i).transpose()))
        for (double v : site) {
          if (out.size() <= k) out.emplace_back(run.results.size());
          out[k++][c].push_back(v);
        }
    }
  }
  return out;
}

double mean_of(const infer::Chains& chains) {
  double sum = 0, n = 0;
  for (const auto& chain : chains)
    for (double v : chain) sum += v, n += 1;
  return sum / n;
}

void check_mean(const infer::Chains& draws, double expected, const std::string& what) {
  CAPTURE(what);
  CAPTURE(expected);
  CAPTURE(mean_of(draws));
  CHECK(infer::split_rhat(draws) < 1.01);
  CHECK(std::abs(mean_of(draws) - expected) < 4 * infer::mcse_mean(draws));
}

// Posterior means of `quantities` by quadrature: the log density on the
// product grid of `axes`, normalized; the grid's outer faces must hold less
// than 1e-8 of the mass.
std::vector<double> grid_means(const std::vector<std::vector<double>>& axes,
                               const std::function<double(const std::vector<double>&)>& log_density,
                               const std::vector<std::function<double(const std::vector<double>&)>>& quantities) {
  size_t total = 1;
  for (const auto& axis : axes) total *= axis.size();
  std::vector<double> log_p(total);
  std::vector<double> point(axes.size());
  auto point_at = [&](size_t flat) {
    bool edge = false;
    for (size_t d = axes.size(); d-- > 0;) {
      const size_t i = flat % axes[d].size();
      flat /= axes[d].size();
      point[d] = axes[d][i];
      edge = edge || i == 0 || i + 1 == axes[d].size();
    }
    return edge;
  };
  double top = -INFINITY;
  for (size_t f = 0; f < total; ++f) {
    point_at(f);
    log_p[f] = log_density(point);
    top = std::max(top, log_p[f]);
  }
  double mass = 0, edge_mass = 0;
  std::vector<double> sums(quantities.size(), 0.0);
  for (size_t f = 0; f < total; ++f) {
    const bool edge = point_at(f);
    const double w = std::exp(log_p[f] - top);
    mass += w;
    if (edge) edge_mass += w;
    for (size_t q = 0; q < quantities.size(); ++q) sums[q] += w * quantities[q](point);
  }
  CHECK(edge_mass / mass < 1e-8);
  for (double& s : sums) s /= mass;
  return sums;
}

std::vector<double> linspace(double low, double high, int n) {
  std::vector<double> out(n);
  for (int i = 0; i < n; ++i) out[i] = low + (high - low) * i / (n - 1);
  return out;
}

double log_normal_density(double x, double loc, double scale) {
  const double z = (x - loc) / scale;
  return -0.5 * z * z - std::log(scale) - 0.5 * std::log(2 * std::numbers::pi);
}
double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }
// log Phi(z); below -30, where Phi underflows, the first terms of its
// asymptotic series, -z^2/2 - log(-z) - log(2 pi)/2 + log(1 - 1/z^2).
double log_normal_cdf(double z) {
  if (z > -30) return std::log(normal_cdf(z));
  return -0.5 * z * z - std::log(-z) - 0.5 * std::log(2 * std::numbers::pi) + std::log1p(-1 / (z * z));
}

}  // namespace

TEST_CASE("censored survival: the exponential rate's Gamma posterior, from log_survival") {
  const nlohmann::json d = data_of("censored_survival.data.json");
  double failures = 0, time = 0;
  for (size_t i = 0; i < d["t"].size(); ++i) {
    failures += d["failed"][i].get<double>();
    time += d["t"][i].get<double>();
  }
  // Gamma(2, 1) prior: posterior Gamma(2 + failures, 1 + total time).
  const auto draws = posterior_draws("censored_survival.ppl", "censored_survival.data.json", 61);
  REQUIRE(draws.size() == 1);
  check_mean(draws[0], (2 + failures) / (1 + time), "rate");
}

TEST_CASE("probit regression: alpha and beta against quadrature") {
  const nlohmann::json d = data_of("probit_regression.data.json");
  const auto x = d["x"].get<std::vector<double>>();
  const auto y = d["y"].get<std::vector<double>>();
  const auto means = grid_means(
      {linspace(-2.5, 3.0, 221), linspace(-1.5, 5.0, 261)},
      [&](const std::vector<double>& p) {
        double lp = log_normal_density(p[0], 0, 2) + log_normal_density(p[1], 0, 2);
        for (size_t i = 0; i < x.size(); ++i) {
          const double eta = p[0] + p[1] * x[i];
          lp += std::log(normal_cdf(y[i] == 1 ? eta : -eta));
        }
        return lp;
      },
      {[](const auto& p) { return p[0]; }, [](const auto& p) { return p[1]; }});
  const auto draws = posterior_draws("probit_regression.ppl", "probit_regression.data.json", 62);
  REQUIRE(draws.size() == 2);
  check_mean(draws[0], means[0], "alpha");
  check_mean(draws[1], means[1], "beta");
}

TEST_CASE("truncated normal data: mu and sigma against quadrature") {
  const auto y = data_of("truncated_normal.data.json")["y"].get<std::vector<double>>();
  const auto means = grid_means(
      {linspace(-25.0, 5.0, 1001), linspace(0.3, 14.0, 457)},
      [&](const std::vector<double>& p) {
        const double mu = p[0], sigma = p[1];
        // HalfNormal(2) on sigma: twice the normal density.
        double lp = log_normal_density(mu, 0, 5) + std::log(2.0) + log_normal_density(sigma, 0, 2);
        const double log_kept = log_normal_cdf(mu / sigma);  // P(Y > 0)
        for (double v : y) lp += log_normal_density(v, mu, sigma) - log_kept;
        return lp;
      },
      {[](const auto& p) { return p[0]; }, [](const auto& p) { return p[1]; }});
  const auto draws = posterior_draws("truncated_normal.ppl", "truncated_normal.data.json", 63);
  REQUIRE(draws.size() == 2);
  check_mean(draws[0], means[0], "mu");
  check_mean(draws[1], means[1], "sigma");
}

TEST_CASE("Gaussian random walk: the walk's Gaussian posterior mean, by linear algebra") {
  const auto y = data_of("gaussian_random_walk.data.json")["y"].get<std::vector<double>>();
  const int T = static_cast<int>(y.size());
  // Walk precision D^T D / s^2 (D: first differences, its first row x[0])
  // plus the unit noise's identity.
  Eigen::MatrixXd D = Eigen::MatrixXd::Identity(T, T);
  for (int t = 1; t < T; ++t) D(t, t - 1) = -1.0;
  const Eigen::MatrixXd precision = D.transpose() * D / 0.25 + Eigen::MatrixXd::Identity(T, T);
  const Eigen::VectorXd mean =
      precision.ldlt().solve(Eigen::Map<const Eigen::VectorXd>(y.data(), T));
  const auto draws = posterior_draws("gaussian_random_walk.ppl", "gaussian_random_walk.data.json", 64);
  REQUIRE(static_cast<int>(draws.size()) == T);
  for (int t : {0, T / 2, T - 1}) check_mean(draws[t], mean[t], "x[t]");
}

TEST_CASE("beta-binomial: mu and kappa against quadrature") {
  const nlohmann::json d = data_of("beta_binomial.data.json");
  const auto n = d["n"].get<std::vector<double>>();
  const auto y = d["y"].get<std::vector<double>>();
  auto lbeta = [](double a, double b) { return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b); };
  // kappa on a log grid: its density times kappa.
  const auto means = grid_means(
      {linspace(0.05, 0.7, 261), linspace(std::log(0.5), std::log(400.0), 301)},
      [&](const std::vector<double>& p) {
        const double mu = p[0], kappa = std::exp(p[1]);
        const double a = mu * kappa, b = (1 - mu) * kappa;
        double lp = std::log(mu) + std::log(1 - mu) + std::log(kappa) - 0.1 * kappa + p[1];
        for (size_t i = 0; i < n.size(); ++i) lp += lbeta(y[i] + a, n[i] - y[i] + b) - lbeta(a, b);
        return lp;
      },
      {[](const auto& p) { return p[0]; }, [](const auto& p) { return std::exp(p[1]); }});
  const auto draws = posterior_draws("beta_binomial.ppl", "beta_binomial.data.json", 65);
  REQUIRE(draws.size() == 2);
  check_mean(draws[0], means[0], "mu");
  check_mean(draws[1], means[1], "kappa");
}

TEST_CASE("ordered logistic regression: beta and the cutpoints against quadrature") {
  const nlohmann::json d = data_of("ordered_logistic.data.json");
  const auto x = d["x"].get<std::vector<double>>();
  const auto y = d["y"].get<std::vector<double>>();
  auto sigmoid = [](double z) { return 1 / (1 + std::exp(-z)); };
  // The unconstrained cutpoints (u0, u1): c0 = u0, c1 = u0 + exp(u1), each
  // u Normal(0, 3) a priori.
  const auto means = grid_means(
      {linspace(-0.5, 3.5, 81), linspace(-3.5, 1.5, 81), linspace(-3.5, 2.5, 81)},
      [&](const std::vector<double>& p) {
        const double beta = p[0], c0 = p[1], c1 = p[1] + std::exp(p[2]);
        double lp = log_normal_density(beta, 0, 2) + log_normal_density(p[1], 0, 3) +
                    log_normal_density(p[2], 0, 3);
        for (size_t i = 0; i < x.size(); ++i) {
          const double eta = beta * x[i];
          const double below = y[i] == 0 ? 0.0 : sigmoid(y[i] == 1 ? c0 - eta : c1 - eta);
          const double upto = y[i] == 2 ? 1.0 : sigmoid(y[i] == 0 ? c0 - eta : c1 - eta);
          lp += std::log(upto - below);
        }
        return lp;
      },
      {[](const auto& p) { return p[0]; }, [](const auto& p) { return p[1]; },
       [](const auto& p) { return p[1] + std::exp(p[2]); }});
  const auto draws = posterior_draws("ordered_logistic.ppl", "ordered_logistic.data.json", 66);
  REQUIRE(draws.size() == 3);
  check_mean(draws[0], means[0], "beta");
  check_mean(draws[1], means[1], "cutpoints[0]");
  check_mean(draws[2], means[2], "cutpoints[1]");
}

TEST_CASE("zero-sum group effects: the intercept and effects' Gaussian posterior, by linear algebra") {
  const auto data = data_of("zero_sum_effects.data.json");
  const auto y = data["y"].get<std::vector<double>>();
  const auto group = data["group"].get<std::vector<int>>();
  const int G = data["G"].get<int>(), N = static_cast<int>(y.size());
  // Coordinates (alpha, z): effects = H z, H's columns an orthonormal basis of
  // the zero-sum plane (Helmert's), under which the effects' prior is
  // Normal(0, I) and the noise is Normal(0, 0.5).
  Eigen::MatrixXd H = Eigen::MatrixXd::Zero(G, G - 1);
  for (int k = 1; k < G; ++k) {
    for (int i = 0; i < k; ++i) H(i, k - 1) = 1.0;
    H(k, k - 1) = -k;
    H.col(k - 1) /= std::sqrt(static_cast<double>(k * (k + 1)));
  }
  Eigen::MatrixXd X(N, G);
  for (int n = 0; n < N; ++n) {
    X(n, 0) = 1.0;
    X.row(n).tail(G - 1) = H.row(group[n]);
  }
  Eigen::MatrixXd precision = X.transpose() * X / 0.25;
  precision(0, 0) += 1.0 / 100.0;
  for (int k = 1; k < G; ++k) precision(k, k) += 1.0;
  const Eigen::VectorXd mean =
      precision.ldlt().solve(X.transpose() * Eigen::Map<const Eigen::VectorXd>(y.data(), N) / 0.25);
  const Eigen::VectorXd effects = H * mean.tail(G - 1);
  const auto draws = posterior_draws("zero_sum_effects.ppl", "zero_sum_effects.data.json", 66);
  REQUIRE(static_cast<int>(draws.size()) == 1 + G);
  check_mean(draws[0], mean[0], "alpha");
  for (int g = 0; g < G; ++g) check_mean(draws[1 + g], effects[g], "effects[g]");
}
