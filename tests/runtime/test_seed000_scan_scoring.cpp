// Seed 000: scoring x inside the scan, or masking it there and scoring the
// stacked draws outside, gives the same model and guide log densities and
// the same ELBO, and the ELBO's average is its closed form.
#include <cmath>

#include "handlers/replay.h"
#include "runtime_test_support.h"

using namespace ppl;

namespace {

struct Scores {
  double model, guide, elbo;
};

// One particle: the guide runs under seed; the model replays its draws.
Scores single_particle(const test::LoadedProgram& p, uint64_t seed) {
  ad::Tape tape;
  handlers::Trace guide = test::run_traced(p, tape, seed, {}, true);
  handlers::ReplayHandler replay(guide);
  handlers::Trace model = test::run_traced(p, tape, seed + 7, {&replay});
  double log_p = handlers::log_density(model, tape).item();
  double log_q = handlers::log_density(guide, tape).item();
  return {log_p, log_q, log_p - log_q};
}

}  // namespace

TEST_CASE("inside and outside scan formulations score identically") {
  auto inside = test::load_file("seed000_inside_scan.ppl", "seed000.data.json");
  auto outside = test::load_file("seed000_outside_scan.ppl", "seed000.data.json");
  for (uint64_t seed : {0ull, 1ull, 42ull}) {
    CAPTURE(seed);
    Scores a = single_particle(inside, seed);
    Scores b = single_particle(outside, seed);
    CHECK(std::abs(a.model - b.model) < 1e-12);
    CHECK(std::abs(a.guide - b.guide) < 1e-12);
    CHECK(std::abs(a.elbo - b.elbo) < 1e-12);
  }
}

TEST_CASE("the guide's scan draws a fresh x at every step") {
  auto inside = test::load_file("seed000_inside_scan.ppl", "seed000.data.json");
  ad::Tape tape;
  handlers::Trace guide = test::run_traced(inside, tape, 3, {}, true);
  const handlers::TraceSite& x = guide.site("x");
  REQUIRE(x.steps.size() == 5);
  CHECK(x.value().shape() == Shape{5});
  for (size_t i = 1; i < 5; ++i) CHECK(x.steps[i].value.item() != x.steps[0].value.item());
}

TEST_CASE("the ELBO averaged over 10^5 particles is -15 for centers 0..4") {
  // E_q[log p(x) - log q(x)] with q = N(0, 1), p = N(c, 1) is -c^2 / 2 per
  // step: -(0 + 1 + 4 + 9 + 16) / 2 = -15.
  auto inside = test::load_file("seed000_inside_scan.ppl", "seed000.data.json");
  const int n = 100000;
  double sum = 0, sum_squares = 0;
  for (int i = 0; i < n; ++i) {
    double elbo = single_particle(inside, 1000 + i).elbo;
    sum += elbo;
    sum_squares += elbo * elbo;
  }
  double mean = sum / n;
  double standard_error = std::sqrt((sum_squares / n - mean * mean) / n);
  CHECK(std::abs(mean + 15.0) < 4 * standard_error);
}
