// Builders of the multivariate distributions and the mixture, by name, from
// the arguments of a call in the catalogue's order (src/ir/catalog.cpp).
#include <fmt/format.h>

#include <cmath>

#include "dist/categorical.h"
#include "dist/dirichlet.h"
#include "dist/factory.h"
#include "dist/lkj_cholesky.h"
#include "dist/low_rank_multivariate_normal.h"
#include "dist/mixture_same_family.h"
#include "dist/multivariate_normal.h"

namespace ppl::dist {

void add_multivariate_builders(BuilderTable& table);

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

}  // namespace

void add_multivariate_builders(BuilderTable& table) {
  table["Dirichlet"] = [](const Arguments& given) -> DistributionPtr {
    const Arguments a = require_count("Dirichlet", given, 1);
    return std::make_shared<Dirichlet>(a[0].require_number("Dirichlet", "concentration"));
  };
  table["MultivariateNormal"] = [](const Arguments& given) -> DistributionPtr {
    const Arguments a = require_count("MultivariateNormal", given, 4);
    static const char* names[] = {"covariance_matrix", "precision_matrix", "scale_tril"};
    static const MultivariateNormal::Matrix kinds[] = {MultivariateNormal::Matrix::Covariance,
                                                       MultivariateNormal::Matrix::Precision,
                                                       MultivariateNormal::Matrix::ScaleTril};
    int matrices = 0, which = 0;
    for (int i = 0; i < 3; ++i)
      if (a[1 + i].present()) ++matrices, which = i;
    if (matrices != 1)
      throw ArgumentError(fmt::format(
          "MultivariateNormal: exactly one of covariance_matrix, precision_matrix and scale_tril must be "
          "given, got {}",
          matrices));
    ad::Var matrix = a[1 + which].require_number("MultivariateNormal", names[which]);
    ad::Var loc = a[0].present() ? a[0].require_number("MultivariateNormal", "loc") : matrix.tape().constant(0.0);
    return std::make_shared<MultivariateNormal>(loc, matrix, kinds[which]);
  };
  table["LowRankMultivariateNormal"] = [](const Arguments& given) -> DistributionPtr {
    const Arguments a = require_count("LowRankMultivariateNormal", given, 3);
    return std::make_shared<LowRankMultivariateNormal>(
        a[0].require_number("LowRankMultivariateNormal", "loc"),
        a[1].require_number("LowRankMultivariateNormal", "cov_factor"),
        a[2].require_number("LowRankMultivariateNormal", "cov_diag"));
  };
  table["LKJCholesky"] = [](const Arguments& given) -> DistributionPtr {
    const Arguments a = require_count("LKJCholesky", given, 2);
    ad::Var dimension = a[0].require_number("LKJCholesky", "dimension");
    const Array& d = dimension.value();
    if (d.size() != 1 || !(d.values()[0] == std::floor(d.values()[0])) || !std::isfinite(d.values()[0]))
      throw ArgumentError(fmt::format("LKJCholesky: dimension must be one integer, got {}", d.to_string()));
    return std::make_shared<LKJCholesky>(static_cast<int64_t>(d.values()[0]),
                                         a[1].present() ? a[1].require_number("LKJCholesky", "concentration")
                                                        : dimension.tape().constant(1.0));
  };
  table["MixtureSameFamily"] = [](const Arguments& given) -> DistributionPtr {
    const Arguments a = require_count("MixtureSameFamily", given, 2);
    auto mixing = std::dynamic_pointer_cast<const Categorical>(a[0].distribution);
    if (!mixing)
      throw ArgumentError("MixtureSameFamily: mixing_distribution must be a Categorical distribution");
    if (!a[1].distribution)
      throw ArgumentError("MixtureSameFamily: component_distribution must be a distribution");
    return std::make_shared<MixtureSameFamily>(mixing, a[1].distribution);
  };
}

}  // namespace ppl::dist
