// A chain's result through its list of doubles and back: every field bit
// for bit, for a diagonal and a dense metric.
#include <doctest/doctest.h>

#include "core/error.h"
#include "infer/mcmc/chain_result_codec.h"

using namespace ppl;

namespace {

infer::ChainResult example(bool dense) {
  infer::ChainResult r;
  r.draws = Eigen::MatrixXd::Random(5, 3);
  r.warmup_draws = Eigen::MatrixXd::Random(2, 3);
  r.stats = {{-1.5, 0.9, 0.3, 3, 7, false, 2.25}, {-2.0 / 3, 0.1, 0.3, 1, 1, true, 1e-300}};
  r.warmup_stats = {{4.0, 1.0, 1.0, 0, 1, false, -0.0}};
  r.step_size = 0.1 + 0.2;
  if (dense) {
    Eigen::MatrixXd m(3, 3);
    m << 2, 0.5, 0, 0.5, 1, 0.1, 0, 0.1, 3;
    r.metric = infer::EuclideanMetric::dense(m);
  } else {
    r.metric = infer::EuclideanMetric::diagonal(Eigen::Vector3d(1.0 / 3, 2, 5));
  }
  r.gradient_evaluations = 123456789;
  r.non_finite_evaluations = 2;
  r.first_non_finite_position = Eigen::Vector3d(1, -2, 1e300);
  r.warmup_seconds = 0.125;
  r.sampling_seconds = 1.0 / 7;
  return r;
}

}  // namespace

TEST_CASE("a chain's result survives its encoding bit for bit") {
  for (bool dense : {false, true}) {
    CAPTURE(dense);
    const infer::ChainResult a = example(dense), b = example(!dense);
    std::vector<double> numbers = infer::encode_chain_result(a);
    const std::vector<double> second = infer::encode_chain_result(b);
    numbers.insert(numbers.end(), second.begin(), second.end());
    size_t at = 0;
    const infer::ChainResult x = infer::decode_chain_result(numbers, at);
    const infer::ChainResult y = infer::decode_chain_result(numbers, at);
    CHECK(at == numbers.size());
    for (const auto& [in, out] : {std::pair{&a, &x}, std::pair{&b, &y}}) {
      CHECK(out->draws == in->draws);
      CHECK(out->warmup_draws == in->warmup_draws);
      REQUIRE(out->stats.size() == in->stats.size());
      for (size_t i = 0; i < in->stats.size(); ++i) {
        CHECK(out->stats[i].log_density == in->stats[i].log_density);
        CHECK(out->stats[i].tree_depth == in->stats[i].tree_depth);
        CHECK(out->stats[i].n_leapfrog == in->stats[i].n_leapfrog);
        CHECK(out->stats[i].divergent == in->stats[i].divergent);
        CHECK(out->stats[i].energy == in->stats[i].energy);
      }
      CHECK(out->warmup_stats.size() == in->warmup_stats.size());
      CHECK(out->step_size == in->step_size);
      CHECK(out->metric.is_dense() == in->metric.is_dense());
      if (in->metric.is_dense()) CHECK(out->metric.inverse_mass_dense() == in->metric.inverse_mass_dense());
      else CHECK(out->metric.inverse_mass_diagonal() == in->metric.inverse_mass_diagonal());
      CHECK(out->gradient_evaluations == in->gradient_evaluations);
      CHECK(out->non_finite_evaluations == in->non_finite_evaluations);
      CHECK(*out->first_non_finite_position == *in->first_non_finite_position);
      CHECK(out->sampling_seconds == in->sampling_seconds);
    }
  }
  std::vector<double> cut = infer::encode_chain_result(example(false));
  cut.resize(cut.size() - 1);
  size_t at = 0;
  CHECK_THROWS_AS(infer::decode_chain_result(cut, at), Error);
}
