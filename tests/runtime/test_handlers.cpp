// Each handler alone and in pairs, plates (broadcasting, dims, sizes,
// subsampling) and the messages of runtime errors.
#include <cmath>

#include "ad/ops.h"
#include "handlers/block.h"
#include "handlers/replay.h"
#include "handlers/scale_mask.h"
#include "handlers/substitute.h"
#include "runtime_test_support.h"

using namespace ppl;

namespace {

const char* kTwoSites = "model {\n  a ~ Normal(0, 1)\n  b ~ Normal(a, 2)\n}\n";

double normal_lpdf(double x, double mu, double sigma) {
  return -0.5 * std::pow((x - mu) / sigma, 2) - std::log(sigma) - 0.5 * std::log(2 * M_PI);
}

}  // namespace

TEST_CASE("seed: the same seed gives the same draws, another seed others") {
  auto p = test::load(kTwoSites);
  ad::Tape tape;
  double a1 = test::run_traced(p, tape, 5).site("a").value().item();
  double a2 = test::run_traced(p, tape, 5).site("a").value().item();
  double a3 = test::run_traced(p, tape, 6).site("a").value().item();
  CHECK(a1 == a2);
  CHECK(a1 != a3);
}

TEST_CASE("trace: sites in order with their log densities") {
  auto p = test::load(kTwoSites);
  ad::Tape tape;
  handlers::Trace trace = test::run_traced(p, tape, 1);
  REQUIRE(trace.sites().size() == 2);
  CHECK(trace.sites()[0].name == "a");
  double a = trace.site("a").value().item(), b = trace.site("b").value().item();
  CHECK(handlers::log_density(trace, tape).item() ==
        doctest::Approx(normal_lpdf(a, 0, 1) + normal_lpdf(b, a, 2)).epsilon(1e-12));
}

TEST_CASE("condition: values become observed; substitute keeps them latent") {
  auto p = test::load(kTwoSites);
  ad::Tape tape;
  handlers::ConditionHandler condition({{"b", tape.constant(3.0)}});
  handlers::Trace conditioned = test::run_traced(p, tape, 1, {&condition});
  CHECK(conditioned.site("b").observed);
  CHECK(conditioned.site("b").value().item() == 3.0);
  handlers::SubstituteHandler substitute({{"a", tape.constant(-1.0)}});
  handlers::Trace substituted = test::run_traced(p, tape, 1, {&substitute});
  CHECK_FALSE(substituted.site("a").observed);
  CHECK(substituted.site("a").value().item() == -1.0);
}

TEST_CASE("replay inside condition: a recorded draw for a, b conditioned") {
  auto p = test::load(kTwoSites);
  ad::Tape tape;
  handlers::Trace recorded = test::run_traced(p, tape, 11);
  handlers::ConditionHandler condition({{"b", tape.constant(0.25)}});
  handlers::ReplayHandler replay(recorded);
  handlers::Trace replayed = test::run_traced(p, tape, 99, {&condition, &replay});
  CHECK(replayed.site("a").value().item() == recorded.site("a").value().item());
  CHECK(replayed.site("b").value().item() == 0.25);
}

TEST_CASE("block inside trace hides sites from the trace") {
  // As in NumPyro, a blocked message stops before the handlers outside the
  // block, so the seed that draws it must sit inside.
  auto p = test::load(kTwoSites);
  ad::Tape tape;
  handlers::SeedHandler inner_seed{RandomKey(7)};
  handlers::BlockHandler block = handlers::BlockHandler::hide({"a"});
  handlers::Trace trace = test::run_traced(p, tape, 1, {&block, &inner_seed});
  CHECK(trace.find("a") == nullptr);
  CHECK(trace.find("b") != nullptr);
  handlers::BlockHandler expose = handlers::BlockHandler::expose({"a"});
  handlers::Trace exposed = test::run_traced(p, tape, 1, {&expose, &inner_seed});
  CHECK(exposed.find("b") == nullptr);
  CHECK(exposed.find("a") != nullptr);
}

TEST_CASE("scale and mask statements weigh and drop log-probabilities") {
  auto p = test::load(
      "data { flags: bool[3] }\nmodel {\n  scale(0.5) {\n    a ~ Normal(0, 1)\n  }\n"
      "  mask(flags) {\n    plate i in 3 {\n      b ~ Normal(0, 1)\n    }\n  }\n}\n",
      R"({"flags": [true, false, true]})");
  ad::Tape tape;
  handlers::Trace trace = test::run_traced(p, tape, 2);
  auto terms = handlers::site_log_densities(trace, tape);
  double a = trace.site("a").value().item();
  CHECK(terms["a"].item() == doctest::Approx(0.5 * normal_lpdf(a, 0, 1)));
  const Array& b = trace.site("b").value().value();
  CHECK(terms["b"].item() ==
        doctest::Approx(normal_lpdf(b.values()[0], 0, 1) + normal_lpdf(b.values()[2], 0, 1)));
}

TEST_CASE("plates broadcast draws: the outermost plate is dim -1") {
  auto p = test::load(
      "data { N: int  M: int }\nmodel {\n  plate outer in N {\n    plate inner in M {\n"
      "      z ~ Normal(0, 1)\n    }\n  }\n}\n",
      R"({"N": 3, "M": 2})");
  ad::Tape tape;
  handlers::Trace trace = test::run_traced(p, tape, 4);
  CHECK(trace.site("z").value().shape() == Shape{2, 3});
  const auto& plates = trace.site("z").steps[0].plates;
  REQUIRE(plates.size() == 2);
  CHECK(plates[0].name == "inner");
  CHECK(plates[0].dim == -2);
  CHECK(plates[1].dim == -1);
}

TEST_CASE("a site whose batch shape disagrees with its plate is an error naming both") {
  auto p = test::load(
      "data { N: int  y: real[4] }\nmodel {\n  mu ~ Normal(0, 1)\n  y ~ Normal(mu, 1)\n\n"
      "  plate j in N {\n    w ~ Normal(y, 1)\n  }\n}\n",
      R"({"N": 3, "y": [1, 2, 3, 4]})");
  ad::Tape tape;
  CHECK_THROWS_WITH(test::run_traced(p, tape, 1),
                    "at test.ppl:7:5: site 'w' has batch shape [4] but plate 'j' of size 3 is at "
                    "dim -1");
}

TEST_CASE("subsampling scales the log likelihood by N / M, unbiased over minibatches") {
  auto p = test::load(
      "data { N: int  y: real[N] }\nmodel {\n  plate i in N subsample 2 as idx {\n"
      "    obs_y ~ Normal(0, 1) obs y[idx]\n  }\n}\n",
      R"({"N": 6, "y": [0.5, -1, 2, 0.1, -0.3, 1.5]})");
  double full = 0;
  for (double y : {0.5, -1.0, 2.0, 0.1, -0.3, 1.5}) full += normal_lpdf(y, 0, 1);
  double sum = 0, sum_squares = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    ad::Tape tape;
    double estimate = handlers::log_density(test::run_traced(p, tape, 100 + i), tape).item();
    sum += estimate;
    sum_squares += estimate * estimate;
  }
  double mean = sum / n;
  double standard_error = std::sqrt((sum_squares / n - mean * mean) / n);
  CHECK(standard_error > 0);
  CHECK(std::abs(mean - full) < 4 * standard_error);
}

TEST_CASE("runtime errors name the place: an absent optional entry used as a value") {
  auto p = test::load("data { y: real[2]? }\nmodel {\n  let z = y + 1\n}\n");
  ad::Tape tape;
  CHECK_THROWS_WITH(test::run_traced(p, tape, 1),
                    "at test.ppl:3:11: 'y' has no value here (an optional data entry that is absent, or a "
                    "name set only in a branch not taken)");
}
