// The ELBO split over the rows of the outermost data plate
// (infer/elbo/sharded_elbo.h), on one rank holding every shard: the shards'
// losses and gradients add up to the unsplit objective's for the same keys,
// with an autoguide and with the model file's guide block; estimators whose
// loss is not a sum over sites are refused.
#include <fmt/format.h>

#include "infer/elbo/sharded_elbo.h"
#include "infer/row_shards.h"
#include "svi_test_support.h"

using namespace ppl;

namespace {

// One process as the only rank: its block is every shard.
class OneRank : public infer::Ranks {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  std::vector<std::vector<double>> allgather(const std::vector<double>& mine) override { return {mine}; }
  [[noreturn]] void abort(const std::string& message) override { throw Error(message); }
};

constexpr const char* kRegression = R"(
data {
  N: int
  x: real[N]
  y: real[N]
}
model {
  a ~ Normal(0, 10)
  b ~ Normal(0, 10)
  sigma ~ HalfNormal(5)
  plate rows in N {
    y ~ Normal(a + b * x, sigma)
  }
}
guide {
  param a_loc = 0.5
  param b_loc = 1.5
  param s_loc = 0.0
  param b_scale: positive = 0.3
  a ~ Normal(a_loc, 0.2)
  b ~ Normal(b_loc, b_scale)
  sigma ~ LogNormal(s_loc, 0.1)
}
)";

std::string regression_data(int n) {
  std::string x, y;
  for (int i = 0; i < n; ++i) {
    const double xi = std::sin(0.37 * i);
    x += fmt::format("{}{:.17g}", i ? "," : "", xi);
    y += fmt::format("{}{:.17g}", i ? "," : "", 1 + 2 * xi + 0.5 * std::cos(1.3 * i));
  }
  return fmt::format(R"({{"N": {}, "x": [{}], "y": [{}]}})", n, x, y);
}

void check_split_equals_whole(const test::LoadedProgram& p, std::optional<std::string> autoguide,
                              infer::ElboSettings elbo) {
  std::unique_ptr<test::SviFit> f = test::fit(p, autoguide, 0, "adam:0.01", elbo);
  const infer::RowShards shards = infer::find_row_shards(p.program, p.data, 3, true);
  OneRank rank;
  infer::ShardedElbo split(p.program, p.data, *f->guide, f->store, elbo, shards, *f->objective, rank);
  split.initialize(RandomKey(7));
  for (uint64_t step = 0; step < 4; ++step) {
    CAPTURE(step);
    const infer::ElboObjective::Evaluation sum = split.evaluate(RandomKey(100 + step));
    const infer::ElboObjective::Evaluation whole = f->objective->evaluate(RandomKey(100 + step));
    CHECK(sum.loss == doctest::Approx(whole.loss).epsilon(1e-12));
    REQUIRE(sum.gradient.size() == whole.gradient.size());
    for (Eigen::Index i = 0; i < whole.gradient.size(); ++i)
      CHECK(sum.gradient[i] == doctest::Approx(whole.gradient[i]).epsilon(1e-10));
  }
}

}  // namespace

TEST_CASE("the ELBO split over rows adds up to the unsplit ELBO, guide block or autoguide") {
  const test::LoadedProgram p = test::load(kRegression, regression_data(3000));
  check_split_equals_whole(p, std::nullopt, {});
  check_split_equals_whole(p, "auto_normal", {});
  infer::ElboSettings meanfield;
  meanfield.estimator = "meanfield";
  meanfield.particles = 3;
  check_split_equals_whole(p, "auto_normal", meanfield);
}

constexpr const char* kSubsampled = R"(
data {
  N: int
  x: real[N]
  y: real[N]
}
model {
  a ~ Normal(0, 10)
  b ~ Normal(0, 10)
  sigma ~ HalfNormal(5)
  plate rows in N subsample 400 as idx {
    v ~ Normal(a + b * x[idx], sigma) obs y[idx]
  }
}
)";

TEST_CASE("the ELBO of a subsampled plate split over each minibatch adds up to the unsplit ELBO") {
  const test::LoadedProgram p = test::load(kSubsampled, regression_data(3000));
  const infer::RowShards shards = infer::find_row_shards(p.program, p.data, 3, true);
  CHECK(shards.minibatch == 400);
  CHECK(shards.starts == std::vector<int64_t>{0, 133, 266, 400});
  CHECK_THROWS_WITH_AS(infer::find_row_shards(p.program, p.data), doctest::Contains("draws a minibatch"), Error);
  check_split_equals_whole(p, "auto_normal", {});
  check_split_equals_whole(p, "auto_diagonal_normal", {});
}

TEST_CASE("an ELBO whose loss is not a sum over sites is not split") {
  const test::LoadedProgram p = test::load(kRegression, regression_data(100));
  infer::ElboSettings renyi = infer::parse_elbo("renyi:0.5");
  std::unique_ptr<test::SviFit> f = test::fit(p, "auto_normal", 0, "adam:0.01", renyi);
  const infer::RowShards shards = infer::find_row_shards(p.program, p.data, 2);
  OneRank rank;
  CHECK_THROWS_WITH_AS(
      infer::ShardedElbo(p.program, p.data, *f->guide, f->store, renyi, shards, *f->objective, rank),
      "--elbo renyi:0.5 does not split over rows (its loss is not a sum over the sites); use "
      "trace or meanfield",
      Error);
}
