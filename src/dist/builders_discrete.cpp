// Builders of the discrete distributions, by name, from the arguments of a
// call in the catalogue's order (src/ir/catalog.cpp).
#include <fmt/format.h>

#include "dist/bernoulli.h"
#include "dist/binomial.h"
#include "dist/categorical.h"
#include "dist/factory.h"
#include "dist/gamma_poisson.h"
#include "dist/geometric.h"
#include "dist/multinomial.h"
#include "dist/negative_binomial.h"
#include "dist/negative_binomial2.h"
#include "dist/poisson.h"
#include "dist/zero_inflated_poisson.h"

namespace ppl::dist {

void add_discrete_builders(BuilderTable& table);

namespace {

// The arguments padded to the catalogue's `count` with absent ones (a caller
// may leave trailing optional arguments out); more than `count` is an error.
Arguments require_count(const std::string& name, const Arguments& given, size_t count) {
  if (given.size() > count)
    throw ArgumentError(fmt::format("{}: expected at most {} arguments, got {}", name, count, given.size()));
  Arguments a = given;
  a.resize(count);
  return a;
}

struct Choice {
  ad::Var parameter;
  ProbsOrLogits kind;
};

// a[first] is probs, a[first + 1] logits: exactly one of them.
Choice probs_or_logits(const std::string& name, const Arguments& a, size_t first) {
  const bool probs = a[first].present(), logits = a[first + 1].present();
  if (probs == logits)
    throw ArgumentError(fmt::format("{}: exactly one of probs and logits must be given, got {}", name,
                                    probs ? "both" : "neither"));
  if (probs) return {a[first].require_number(name, "probs"), ProbsOrLogits::Probs};
  return {a[first + 1].require_number(name, "logits"), ProbsOrLogits::Logits};
}

// A number argument, or the catalogue's default (a constant on `like`'s
// tape) when the caller left it out.
ad::Var number_or(const Arguments& a, size_t i, const std::string& dist, const std::string& name,
                  double fallback, const ad::Var& like) {
  if (!a[i].present()) return like.tape().constant(fallback);
  return a[i].require_number(dist, name);
}

}  // namespace

void add_discrete_builders(BuilderTable& table) {
  table["Bernoulli"] = [](const Arguments& given) -> DistributionPtr {
    const Arguments a = require_count("Bernoulli", given, 2);
    Choice c = probs_or_logits("Bernoulli", a, 0);
    return std::make_shared<Bernoulli>(c.parameter, c.kind);
  };
  table["Binomial"] = [](const Arguments& given) -> DistributionPtr {
    const Arguments a = require_count("Binomial", given, 3);
    Choice c = probs_or_logits("Binomial", a, 1);
    return std::make_shared<Binomial>(number_or(a, 0, "Binomial", "total_count", 1.0, c.parameter), c.parameter,
                                      c.kind);
  };
  table["Poisson"] = [](const Arguments& given) -> DistributionPtr {
    const Arguments a = require_count("Poisson", given, 1);
    return std::make_shared<Poisson>(a[0].require_number("Poisson", "rate"));
  };
  table["GammaPoisson"] = [](const Arguments& given) -> DistributionPtr {
    const Arguments a = require_count("GammaPoisson", given, 2);
    ad::Var concentration = a[0].require_number("GammaPoisson", "concentration");
    return std::make_shared<GammaPoisson>(concentration,
                                          number_or(a, 1, "GammaPoisson", "rate", 1.0, concentration));
  };
  table["NegativeBinomial"] = [](const Arguments& given) -> DistributionPtr {
    const Arguments a = require_count("NegativeBinomial", given, 3);
    Choice c = probs_or_logits("NegativeBinomial", a, 1);
    return std::make_shared<NegativeBinomial>(a[0].require_number("NegativeBinomial", "total_count"),
                                              c.parameter, c.kind);
  };
  table["NegativeBinomial2"] = [](const Arguments& given) -> DistributionPtr {
    const Arguments a = require_count("NegativeBinomial2", given, 2);
    return std::make_shared<NegativeBinomial2>(a[0].require_number("NegativeBinomial2", "mean"),
                                               a[1].require_number("NegativeBinomial2", "concentration"));
  };
  table["Geometric"] = [](const Arguments& given) -> DistributionPtr {
    const Arguments a = require_count("Geometric", given, 2);
    Choice c = probs_or_logits("Geometric", a, 0);
    return std::make_shared<Geometric>(c.parameter, c.kind);
  };
  table["Categorical"] = [](const Arguments& given) -> DistributionPtr {
    const Arguments a = require_count("Categorical", given, 2);
    Choice c = probs_or_logits("Categorical", a, 0);
    return std::make_shared<Categorical>(c.parameter, c.kind);
  };
  table["Multinomial"] = [](const Arguments& given) -> DistributionPtr {
    const Arguments a = require_count("Multinomial", given, 3);
    Choice c = probs_or_logits("Multinomial", a, 1);
    return std::make_shared<Multinomial>(number_or(a, 0, "Multinomial", "total_count", 1.0, c.parameter),
                                         c.parameter, c.kind);
  };
  table["ZeroInflatedPoisson"] = [](const Arguments& given) -> DistributionPtr {
    const Arguments a = require_count("ZeroInflatedPoisson", given, 2);
    return std::make_shared<ZeroInflatedPoisson>(a[0].require_number("ZeroInflatedPoisson", "gate"),
                                                 a[1].require_number("ZeroInflatedPoisson", "rate"));
  };
}

}  // namespace ppl::dist
