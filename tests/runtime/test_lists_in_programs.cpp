// Lists in programs: [t1, t2] composes transforms, [d1, d2] lists Mixture's
// components; ZeroSumNormal and Wishart sites run end to end. Log densities
// against closed forms written out here.
#include <cmath>
#include <numbers>

#include "handlers/trace.h"
#include "runtime_test_support.h"

using namespace ppl;

namespace {

double site_log_density(const test::LoadedProgram& p, const std::string& site) {
  ad::Tape tape;
  const handlers::Trace trace = test::run_traced(p, tape, 3);
  return handlers::site_log_densities(trace, tape).at(site).item();
}

double normal_log_density(double x, double loc, double scale) {
  const double z = (x - loc) / scale;
  return -0.5 * z * z - std::log(scale) - 0.5 * std::log(2 * std::numbers::pi);
}

}  // namespace

TEST_CASE("a list of transforms applies them first to last") {
  // y = 1 + 2 exp(z), z ~ Normal(0, 1): p(y) = phi(log((y - 1) / 2)) / (y - 1).
  const auto p = test::load(
      "data { y: real }\n"
      "model {\n"
      "  y ~ TransformedDistribution(Normal(0, 1), [ExpTransform(), AffineTransform(1, 2)])\n"
      "}\n",
      R"({"y": 4.0})");
  CHECK(site_log_density(p, "y") ==
        doctest::Approx(normal_log_density(std::log(1.5), 0, 1) - std::log(3.0)).epsilon(1e-13));
}

TEST_CASE("a list of distributions is Mixture's components") {
  const auto p = test::load(
      "data { y: real }\n"
      "model {\n"
      "  y ~ Mixture(Categorical(probs=[0.4, 0.6]), [Normal(-1, 1), Normal(2, 0.5)])\n"
      "}\n",
      R"({"y": 0.5})");
  const double expected = std::log(0.4 * std::exp(normal_log_density(0.5, -1, 1)) +
                                   0.6 * std::exp(normal_log_density(0.5, 2, 0.5)));
  CHECK(site_log_density(p, "y") == doctest::Approx(expected).epsilon(1e-13));
}

TEST_CASE("ZeroSumNormal and Wishart sites draw values in their supports") {
  const auto p = test::load(
      "model {\n"
      "  effects ~ ZeroSumNormal(2.0, event_shape=[4])\n"
      "  covariance ~ Wishart(5.0, scale_matrix=eye(3))\n"
      "}\n");
  ad::Tape tape;
  const handlers::Trace trace = test::run_traced(p, tape, 5);
  const Array effects = trace.site("effects").value().value();
  REQUIRE(effects.shape() == Shape{4});
  CHECK(std::abs(effects.values().sum()) < 1e-12);
  const Array covariance = trace.site("covariance").value().value();
  REQUIRE(covariance.shape() == Shape{3, 3});
  CHECK(covariance.values()[1] == doctest::Approx(covariance.values()[3]));
}
