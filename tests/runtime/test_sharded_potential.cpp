// A log density split over the rows of the outermost data plate
// (infer/sharded_potential.h): the sum over shards equals the hand-written
// log density of logistic regression and its gradient, is the same bits for
// any number of threads, and models whose meaning changes when the rows are
// split are refused with the reason.
#include <cmath>
#include <random>

#include <fmt/format.h>

#include "infer/mcmc/mcmc_fit.h"
#include "infer/row_shards.h"
#include "infer/sharded_potential.h"
#include "runtime_test_support.h"

using namespace ppl;

namespace {

constexpr const char* kLogisticRegression = R"(
data {
  N: int
  K: int
  X: real[N, K]
  y: int[N]
}
model {
  intercept ~ Normal(0, 5)
  coefs ~ Normal(0, 1).expand([K])
  plate rows in N {
    y ~ Bernoulli(logits=intercept + X @ coefs)
  }
}
)";

struct Regression {
  int n, k;
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
  std::string json;
};

// N rows of K standard normal features; y drawn from the model at
// intercept 0.3, coefs 1, -0.5, 0.25, ...
Regression regression_data(int n, int k) {
  Regression r{n, k, Eigen::MatrixXd(n, k), Eigen::VectorXd(n), ""};
  std::mt19937 generator(5);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> uniform;
  std::string rows, ys;
  for (int i = 0; i < n; ++i) {
    double eta = 0.3;
    rows += i ? ",[" : "[";
    for (int j = 0; j < k; ++j) {
      r.x(i, j) = normal(generator);
      eta += r.x(i, j) * (j % 2 ? -1.0 : 1.0) / (1 << (j / 2));
      rows += fmt::format("{}{:.17g}", j ? "," : "", r.x(i, j));
    }
    rows += "]";
    r.y[i] = uniform(generator) < 1 / (1 + std::exp(-eta)) ? 1 : 0;
    ys += fmt::format("{}{}", i ? "," : "", r.y[i]);
  }
  r.json = fmt::format(R"({{"N": {}, "K": {}, "X": [{}], "y": [{}]}})", n, k, rows, ys);
  return r;
}

// The potential -log p(intercept, coefs, y) written out: Normal(0, 5) and
// Normal(0, 1) priors, Bernoulli-logit likelihood; q = (intercept, coefs).
double hand_written_potential(const Regression& r, const Eigen::VectorXd& q, Eigen::VectorXd& gradient) {
  const double log_sqrt_2pi = 0.5 * std::log(2 * M_PI);
  const double a = q[0];
  const Eigen::VectorXd b = q.tail(r.k);
  double log_p = -0.5 * a * a / 25 - std::log(5.0) - log_sqrt_2pi - 0.5 * b.squaredNorm() - r.k * log_sqrt_2pi;
  gradient = Eigen::VectorXd::Zero(q.size());
  gradient[0] = a / 25;
  gradient.tail(r.k) = b;
  const Eigen::VectorXd eta = (r.x * b).array() + a;
  for (int i = 0; i < r.n; ++i) {
    const double log_sigmoid = -std::log1p(std::exp(-eta[i]));
    log_p += r.y[i] * log_sigmoid + (1 - r.y[i]) * (log_sigmoid - eta[i]);
    const double residual = r.y[i] - 1 / (1 + std::exp(-eta[i]));
    gradient[0] -= residual;
    gradient.tail(r.k) -= residual * r.x.row(i).transpose();
  }
  return -log_p;
}

std::vector<runtime::ModelData> all_shard_data(const runtime::ModelData& data, const infer::RowShards& shards) {
  std::vector<runtime::ModelData> out;
  for (int k = 0; k < shards.count(); ++k) out.push_back(infer::shard_data(data, shards, k));
  return out;
}

}  // namespace

TEST_CASE("the rows of the outermost data plate are cut into shards by N alone") {
  CHECK(infer::shard_count_for(10) == 1);
  CHECK(infer::shard_count_for(2500) == 2);
  CHECK(infer::shard_count_for(1'000'000) == 64);
  const Regression r = regression_data(10, 2);
  test::LoadedProgram p = test::load(kLogisticRegression, r.json);
  infer::RowShards shards = infer::find_row_shards(p.program, p.data, 3);
  CHECK(shards.plate == "rows");
  CHECK(shards.rows == 10);
  CHECK(shards.starts == std::vector<int64_t>{0, 3, 6, 10});
  CHECK(shards.sliced_entries == std::vector<int>{2, 3});  // X and y, not N or K
  runtime::ModelData last = infer::shard_data(p.data, shards, 2);
  CHECK(last.entries[0]->item() == 4);
  CHECK(last.entries[1]->item() == 2);
  CHECK(last.entries[2]->shape() == Shape{4, 2});
  CHECK(last.entries[2]->at({0, 1}) == r.x(6, 1));
  CHECK(last.entries[3]->at({3}) == r.y[9]);
  // Rank r of K takes a contiguous block.
  CHECK(infer::shards_of_rank(64, 0, 3).first == 0);
  CHECK(infer::shards_of_rank(64, 0, 3).last == 21);
  CHECK(infer::shards_of_rank(64, 2, 3).last == 64);
}

TEST_CASE("the sharded potential of logistic regression is the hand-written one, the same bits on any number of threads") {
  const Regression r = regression_data(2500, 3);
  test::LoadedProgram p = test::load(kLogisticRegression, r.json);
  const infer::RowShards shards = infer::find_row_shards(p.program, p.data, 5);
  const std::vector<runtime::ModelData> pieces = all_shard_data(p.data, shards);
  infer::ModelPotential whole(p.program, p.data, RandomKey(1));
  infer::ShardedPotential one_thread(p.program, pieces, RandomKey(1), shards, whole, 1);
  infer::ShardedPotential three_threads(p.program, pieces, RandomKey(1), shards, whole, 3);
  std::mt19937 generator(2);
  std::uniform_real_distribution<double> coordinate(-1, 1);
  for (int point = 0; point < 6; ++point) {  // past the checks and the tape replay's
    CAPTURE(point);
    Eigen::VectorXd q(4);
    for (Eigen::Index i = 0; i < 4; ++i) q[i] = coordinate(generator);
    Eigen::VectorXd expected_gradient, g1, g3;
    const double expected = hand_written_potential(r, q, expected_gradient);
    const double u1 = one_thread(q, g1), u3 = three_threads(q, g3);
    CHECK(u1 == doctest::Approx(expected).epsilon(1e-12));
    for (Eigen::Index i = 0; i < 4; ++i) CHECK(g1[i] == doctest::Approx(expected_gradient[i]).epsilon(1e-10));
    CHECK(u1 == u3);  // bit for bit
    CHECK(g1 == g3);
  }
}

TEST_CASE("NUTS with the log density split over 1 or 2 threads gives the same draws") {
  const Regression r = regression_data(2500, 3);
  test::LoadedProgram p = test::load(kLogisticRegression, r.json);
  infer::McmcRequest request;
  request.chains = 2;
  request.threads = 1;
  request.seed = 4;
  request.settings.num_warmup = 150;
  request.settings.num_samples = 100;
  request.threads_per_chain = 1;
  const infer::McmcFit one = infer::run_mcmc(p.program, p.data, request);
  request.threads_per_chain = 2;
  const infer::McmcFit two = infer::run_mcmc(p.program, p.data, request);
  request.threads_per_chain = 0;
  const infer::McmcFit unsplit = infer::run_mcmc(p.program, p.data, request);
  REQUIRE(one.chains.size() == 2);
  for (int c = 0; c < 2; ++c) CHECK(one.chains[c].draws == two.chains[c].draws);
  // The unsplit sums run in another order: the same posterior, not the same bits.
  const auto mean_of = [](const infer::McmcFit& fit, int column) {
    double sum = 0;
    for (const infer::ChainResult& chain : fit.chains) sum += chain.draws.col(column).sum();
    return sum / (fit.chains.size() * fit.chains[0].draws.rows());
  };
  for (int column = 0; column < 4; ++column) CHECK(std::abs(mean_of(one, column) - mean_of(unsplit, column)) < 0.05);
}

TEST_CASE("a model whose meaning changes when its rows are split is refused with the reason") {
  const std::string data = R"({"N": 2048, "y": [)" + [] {
    std::string ys;
    for (int i = 0; i < 2048; ++i) ys += fmt::format("{}{}", i ? "," : "", 0.001 * i);
    return ys;
  }() + "]}";
  // A prior centered at the data's mean: a term outside the plate that reads its rows.
  test::LoadedProgram reads_rows = test::load(R"(
data { N: int  y: real[N] }
model {
  mu ~ Normal(mean(y), 1)
  plate rows in N { y ~ Normal(mu, 1) }
}
)", data);
  const infer::RowShards shards = infer::find_row_shards(reads_rows.program, reads_rows.data);
  REQUIRE(shards.count() == 2);
  const std::vector<runtime::ModelData> pieces = all_shard_data(reads_rows.data, shards);
  infer::ModelPotential whole(reads_rows.program, reads_rows.data, RandomKey(1));
  infer::ShardedPotential sharded(reads_rows.program, pieces, RandomKey(1), shards, whole, 2);
  Eigen::VectorXd q(1), g;
  q[0] = 0.5;
  CHECK_THROWS_WITH_AS(sharded(q, g),
                       doctest::Contains("splitting plate rows's 2048 rows into 2 shards changes the model's log density"),
                       Error);

  test::LoadedProgram local_latent = test::load(R"(
data { N: int  y: real[N] }
model {
  mu ~ Normal(0, 1)
  plate rows in N {
    z ~ Normal(mu, 1)
    y ~ Normal(z, 1)
  }
}
)", data);
  const infer::RowShards local_shards = infer::find_row_shards(local_latent.program, local_latent.data);
  const std::vector<runtime::ModelData> local_pieces = all_shard_data(local_latent.data, local_shards);
  infer::ModelPotential local_whole(local_latent.program, local_latent.data, RandomKey(1));
  CHECK_THROWS_WITH_AS(infer::ShardedPotential(local_latent.program, local_pieces, RandomKey(1),
                                               local_shards, local_whole, 1),
                       "latent site z lies inside plate rows: only plates whose sites are all "
                       "observed can have their rows split across threads or ranks",
                       Error);

  test::LoadedProgram no_plate = test::load(R"(
data { N: int  y: real[N] }
model {
  mu ~ Normal(0, 1)
  y ~ Normal(mu, 1).expand([N])
}
)", data);
  CHECK_THROWS_WITH_AS(infer::find_row_shards(no_plate.program, no_plate.data),
                       doctest::Contains("the model has no plate"), Error);
}
