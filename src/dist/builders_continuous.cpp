// Builders of the univariate continuous distributions, Delta and
// ImproperUniform, by the catalogue's names and parameter order
// (src/ir/catalog.cpp).
#include <fmt/format.h>

#include <cmath>

#include "dist/beta.h"
#include "dist/cauchy.h"
#include "dist/delta.h"
#include "dist/exponential.h"
#include "dist/factory.h"
#include "dist/gamma.h"
#include "dist/gumbel.h"
#include "dist/half_cauchy.h"
#include "dist/half_normal.h"
#include "dist/improper_uniform.h"
#include "dist/inverse_gamma.h"
#include "dist/laplace.h"
#include "dist/log_normal.h"
#include "dist/logistic.h"
#include "dist/student_t.h"
#include "dist/uniform.h"
#include "dist/von_mises.h"
#include "dist/weibull.h"

namespace ppl::dist {

void add_continuous_builders(BuilderTable& table);

namespace {

// Argument i as a number; ArgumentError when it is missing or not a number.
ad::Var number(const Arguments& a, size_t i, const char* distribution, const char* name) {
  if (i >= a.size())
    throw ArgumentError(fmt::format("{}: argument '{}' is missing", distribution, name));
  return a[i].require_number(distribution, name);
}

// A non-negative integer given as a number.
int64_t whole_number(double x, const char* distribution, const char* name) {
  if (!(x >= 0) || x != std::floor(x) || x > 1e15)
    throw ArgumentError(
        fmt::format("{}: {} must be a non-negative integer, got {}", distribution, name, x));
  return static_cast<int64_t>(x);
}

// A shape given as a number: a scalar n is (n), an array its elements.
Shape shape_argument(const Arguments& a, size_t i, const char* name) {
  const Array& value = number(a, i, "ImproperUniform", name).value();
  if (value.rank() > 1 || value.size() > Shape::kMaxRank)
    throw ArgumentError(fmt::format("ImproperUniform: {} must be a shape (a list of sizes), got {}",
                                    name, value.to_string()));
  Shape shape;
  for (int64_t k = 0; k < value.size(); ++k)
    shape.push_back(whole_number(value.values()[k], "ImproperUniform", name));
  return shape;
}

}  // namespace

void add_continuous_builders(BuilderTable& table) {
  table["HalfNormal"] = [](const Arguments& a) -> DistributionPtr {
    return std::make_shared<HalfNormal>(number(a, 0, "HalfNormal", "scale"));
  };
  table["LogNormal"] = [](const Arguments& a) -> DistributionPtr {
    return std::make_shared<LogNormal>(number(a, 0, "LogNormal", "loc"),
                                       number(a, 1, "LogNormal", "scale"));
  };
  table["Cauchy"] = [](const Arguments& a) -> DistributionPtr {
    return std::make_shared<Cauchy>(number(a, 0, "Cauchy", "loc"), number(a, 1, "Cauchy", "scale"));
  };
  table["HalfCauchy"] = [](const Arguments& a) -> DistributionPtr {
    return std::make_shared<HalfCauchy>(number(a, 0, "HalfCauchy", "scale"));
  };
  table["StudentT"] = [](const Arguments& a) -> DistributionPtr {
    return std::make_shared<StudentT>(number(a, 0, "StudentT", "df"),
                                      number(a, 1, "StudentT", "loc"),
                                      number(a, 2, "StudentT", "scale"));
  };
  table["Laplace"] = [](const Arguments& a) -> DistributionPtr {
    return std::make_shared<Laplace>(number(a, 0, "Laplace", "loc"),
                                     number(a, 1, "Laplace", "scale"));
  };
  table["Logistic"] = [](const Arguments& a) -> DistributionPtr {
    return std::make_shared<Logistic>(number(a, 0, "Logistic", "loc"),
                                      number(a, 1, "Logistic", "scale"));
  };
  table["Gumbel"] = [](const Arguments& a) -> DistributionPtr {
    return std::make_shared<Gumbel>(number(a, 0, "Gumbel", "loc"), number(a, 1, "Gumbel", "scale"));
  };
  table["Exponential"] = [](const Arguments& a) -> DistributionPtr {
    return std::make_shared<Exponential>(number(a, 0, "Exponential", "rate"));
  };
  table["Gamma"] = [](const Arguments& a) -> DistributionPtr {
    return std::make_shared<Gamma>(number(a, 0, "Gamma", "concentration"),
                                   number(a, 1, "Gamma", "rate"));
  };
  table["InverseGamma"] = [](const Arguments& a) -> DistributionPtr {
    return std::make_shared<InverseGamma>(number(a, 0, "InverseGamma", "concentration"),
                                          number(a, 1, "InverseGamma", "rate"));
  };
  table["Beta"] = [](const Arguments& a) -> DistributionPtr {
    return std::make_shared<Beta>(number(a, 0, "Beta", "concentration1"),
                                  number(a, 1, "Beta", "concentration0"));
  };
  table["Uniform"] = [](const Arguments& a) -> DistributionPtr {
    return std::make_shared<Uniform>(number(a, 0, "Uniform", "low"),
                                     number(a, 1, "Uniform", "high"));
  };
  table["Weibull"] = [](const Arguments& a) -> DistributionPtr {
    return std::make_shared<Weibull>(number(a, 0, "Weibull", "scale"),
                                     number(a, 1, "Weibull", "concentration"));
  };
  table["VonMises"] = [](const Arguments& a) -> DistributionPtr {
    return std::make_shared<VonMises>(number(a, 0, "VonMises", "loc"),
                                      number(a, 1, "VonMises", "concentration"));
  };
  table["Delta"] = [](const Arguments& a) -> DistributionPtr {
    ad::Var v = number(a, 0, "Delta", "v");
    ad::Var log_density = number(a, 1, "Delta", "log_density");
    const Array& event_dim = number(a, 2, "Delta", "event_dim").value();
    if (event_dim.size() != 1)
      throw ArgumentError(fmt::format("Delta: event_dim must be a non-negative integer, got {}",
                                      event_dim.to_string()));
    return std::make_shared<Delta>(
        v, log_density, static_cast<int>(whole_number(event_dim.item(), "Delta", "event_dim")));
  };
  table["ImproperUniform"] = [](const Arguments& a) -> DistributionPtr {
    if (a.empty() || !a[0].constraint)
      throw ArgumentError("ImproperUniform: argument 'support' must be a constraint");
    Shape batch = shape_argument(a, 1, "batch_shape");
    Shape event = shape_argument(a, 2, "event_shape");
    ad::Tape& tape = number(a, 1, "ImproperUniform", "batch_shape").tape();
    return std::make_shared<ImproperUniform>(*a[0].constraint, batch, event, tape);
  };
}

}  // namespace ppl::dist
