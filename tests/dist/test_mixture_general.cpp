// MixtureGeneral and Mixture: log densities against mpmath, a list of one
// family against MixtureSameFamily, gradients, draws against the mixture's
// mean and variance, and the messages for lists that do not fit.
#include <doctest/doctest.h>

#include <cmath>

#include "../ad/gradient_check.h"
#include "ad/ops.h"
#include "continuous_checks.h"
#include "dist/factory.h"

using namespace ppl;

namespace {

dist::Argument number(const ad::Var& v) {
  dist::Argument a;
  a.number = v;
  return a;
}
dist::Argument distribution(dist::DistributionPtr d) {
  dist::Argument a;
  a.distribution = std::move(d);
  return a;
}
dist::DistributionPtr make(const std::string& name, std::vector<ad::Var> numbers) {
  dist::Arguments a;
  for (const ad::Var& v : numbers) a.push_back(number(v));
  return dist::make_distribution(name, a);
}
dist::DistributionPtr categorical(const ad::Var& probs) { return make("Categorical", {probs}); }

// name(Categorical(probs), [components...]).
dist::DistributionPtr mixture(const std::string& name, const ad::Var& probs,
                              std::vector<dist::DistributionPtr> components) {
  dist::Argument list;
  list.distributions = std::move(components);
  return dist::make_distribution(name, {distribution(categorical(probs)), list});
}

}  // namespace

TEST_CASE("MixtureGeneral of a Normal and a StudentT matches mpmath") {
  ad::Tape tape;
  auto c = [&](double x) { return tape.constant(x); };
  const auto d =
      mixture("MixtureGeneral", tape.constant(Array::vector({0.3, 0.7})),
              {make("Normal", {c(0.0), c(1.0)}), make("StudentT", {c(3.0), c(1.0), c(2.0)})});
  const Array lp = d->log_prob(tape.constant(Array::vector({-1.5, 0.3, 4.0}))).value();
  CHECK(lp.values()[0] == doctest::Approx(-2.3594261487158825).epsilon(1e-13));
  CHECK(lp.values()[1] == doctest::Approx(-1.4560130790752662).epsilon(1e-13));
  CHECK(lp.values()[2] == doctest::Approx(-3.1689872130827111).epsilon(1e-13));
}

TEST_CASE("Mixture takes a list (MixtureGeneral) or one batched distribution (MixtureSameFamily)") {
  ad::Tape tape;
  auto c = [&](double x) { return tape.constant(x); };
  const ad::Var probs = tape.constant(Array::vector({0.2, 0.5, 0.3}));
  const auto general = mixture("Mixture", probs,
                               {make("Normal", {c(-1.0), c(0.5)}), make("Normal", {c(0.0), c(1.0)}),
                                make("Normal", {c(2.0), c(2.0)})});
  CHECK(general->name() == "MixtureGeneral");
  const auto same = dist::make_distribution(
      "Mixture", {distribution(categorical(probs)),
                  distribution(make("Normal", {tape.constant(Array::vector({-1.0, 0.0, 2.0})),
                                               tape.constant(Array::vector({0.5, 1.0, 2.0}))}))});
  CHECK(same->name() == "MixtureSameFamily");
  const ad::Var x = tape.constant(Array::vector({-3.0, -0.4, 0.0, 1.7, 9.0}));
  const Array a = general->log_prob(x).value(), b = same->log_prob(x).value();
  for (int i = 0; i < 5; ++i) CHECK(a.values()[i] == doctest::Approx(b.values()[i]).epsilon(1e-14));
  CHECK(general->mean()->item() == doctest::Approx(same->mean()->item()).epsilon(1e-14));
  CHECK(general->variance()->item() == doctest::Approx(same->variance()->item()).epsilon(1e-14));
}

TEST_CASE("MixtureGeneral gradients in the weights, the components' parameters and the value") {
  ad::testing::check_gradient(
      [](auto v) {
        const auto d =
            mixture("MixtureGeneral", ad::softmax(v[0]),
                    {make("Normal", {v[1], ad::exp(v[2])}), make("Laplace", {v[2], ad::exp(v[1])}),
                     make("Cauchy", {v[1] * 2.0, ad::exp(v[2]) + 0.5})});
        return d->log_prob(v[3]);
      },
      {ad::testing::random_array({3}, -1, 1, 51), ad::testing::random_array({}, -1, 1, 52),
       ad::testing::random_array({}, -1, 1, 53), ad::testing::random_array({4}, -2, 2, 54)});
}

TEST_CASE("MixtureGeneral draws pick each component with its weight: mean and variance") {
  ad::Tape tape;
  auto c = [&](double x) { return tape.constant(x); };
  const auto ok = mixture("MixtureGeneral", tape.constant(Array::vector({0.25, 0.75})),
                          {make("Normal", {c(-2.0), c(0.5)}), make("Logistic", {c(3.0), c(2.0)})});
  const Array draws = ok->sample(RandomKey(61), Shape{100000}).value();
  test::check_moments(draws, ok->mean()->item(), ok->variance()->item());
  // mean 0.25 (-2) + 0.75 (3); variance from the closed forms of each part.
  CHECK(ok->mean()->item() == doctest::Approx(1.75));
  const double second = 0.25 * (0.25 + 4.0) + 0.75 * (4.0 * M_PI * M_PI / 3.0 + 9.0);
  CHECK(ok->variance()->item() == doctest::Approx(second - 1.75 * 1.75));
}

TEST_CASE("MixtureGeneral refuses components that differ in support or event shape, or in number") {
  ad::Tape tape;
  auto c = [&](double x) { return tape.constant(x); };
  const ad::Var two = tape.constant(Array::vector({0.5, 0.5}));
  CHECK_THROWS_WITH(
      mixture("MixtureGeneral", two,
              {make("Normal", {c(0.0), c(1.0)}), make("Gamma", {c(2.0), c(1.0)})}),
      doctest::Contains("MixtureGeneral: components must share their support; component 0 (Normal) "
                        "has real, component 1 (Gamma) has positive"));
  CHECK_THROWS_WITH(mixture("MixtureGeneral", two, {make("Normal", {c(0.0), c(1.0)})}),
                    doctest::Contains("the mixing distribution has 2 categories but 1 components"));
  CHECK_THROWS_WITH(
      dist::make_distribution("MixtureGeneral", {distribution(categorical(two)),
                                                 distribution(make("Normal", {c(0.0), c(1.0)}))}),
      doctest::Contains("component_distributions must be a list of distributions"));
}
