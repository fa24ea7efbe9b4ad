// The entries of the multivariate distributions, the mixture and the
// transformed distribution.
#include <fmt/format.h>

#include <array>
#include <cmath>

#include "dist/categorical.h"
#include "dist/dirichlet.h"
#include "dist/dirichlet_multinomial.h"
#include "dist/gaussian_random_walk.h"
#include "dist/lkj.h"
#include "dist/lkj_cholesky.h"
#include "dist/low_rank_multivariate_normal.h"
#include "dist/mixture_general.h"
#include "dist/mixture_same_family.h"
#include "dist/multivariate_normal.h"
#include "dist/multivariate_student_t.h"
#include "dist/registry.h"
#include "dist/transformed_distribution.h"
#include "dist/wishart.h"
#include "dist/zero_sum_normal.h"

namespace ppl::dist {

namespace {

struct LkjArguments {
  int64_t dimension;
  ad::Var concentration;
};

// LKJ's and LKJCholesky's (dimension, concentration=1).
LkjArguments lkj_arguments(const char* name, const Arguments& given) {
  const Arguments a = pad_arguments(name, given, 2);
  ad::Var dimension = a[0].require_number(name, "dimension");
  const Array& d = dimension.value();
  if (d.size() != 1 || !(d.values()[0] == std::floor(d.values()[0])) ||
      !std::isfinite(d.values()[0]))
    throw ArgumentError(
        fmt::format("{}: dimension must be one integer, got {}", name, d.to_string()));
  return {static_cast<int64_t>(d.values()[0]), a[1].present()
                                                   ? a[1].require_number(name, "concentration")
                                                   : dimension.tape().constant(1.0)};
}

// The one matrix of a[first .. first + 2], given by the roles of
// MultivariateNormal's covariance, precision and Cholesky factor (their
// names are `roles`); exactly one must be present.
struct MatrixArgument {
  ad::Var matrix;
  MultivariateNormal::Matrix kind;
};
MatrixArgument one_matrix(const char* name, const Arguments& a, size_t first,
                          const std::array<const char*, 3>& roles) {
  static const MultivariateNormal::Matrix kinds[] = {MultivariateNormal::Matrix::Covariance,
                                                     MultivariateNormal::Matrix::Precision,
                                                     MultivariateNormal::Matrix::ScaleTril};
  int matrices = 0, which = 0;
  for (int i = 0; i < 3; ++i)
    if (a[first + i].present()) ++matrices, which = i;
  if (matrices != 1)
    throw ArgumentError(fmt::format("{}: exactly one of {}, {} and {} must be given, got {}", name,
                                    roles[0], roles[1], roles[2], matrices));
  return {a[first + which].require_number(name, roles[which]), kinds[which]};
}

// Wishart's and WishartCholesky's (concentration, scale_matrix | rate_matrix | scale_tril).
DistributionPtr build_wishart(const char* name, Wishart::Values values, const Arguments& given) {
  const Arguments a = pad_arguments(name, given, 4);
  const MatrixArgument m = one_matrix(name, a, 1, {"scale_matrix", "rate_matrix", "scale_tril"});
  return std::make_shared<Wishart>(a[0].require_number(name, "concentration"), m.matrix, m.kind,
                                   values);
}

// How a mixture takes its components: one distribution batched over them
// (MixtureSameFamily), a list (MixtureGeneral), or either (Mixture).
enum class Components { Batched, Listed, Either };

DistributionPtr build_mixture(const char* name, Components accepted, const Arguments& given) {
  const Arguments a = pad_arguments(name, given, 2);
  auto mixing = std::dynamic_pointer_cast<const Categorical>(a[0].distribution);
  if (!mixing)
    throw ArgumentError(
        fmt::format("{}: mixing_distribution must be a Categorical distribution", name));
  if (a[1].distribution && accepted != Components::Listed)
    return std::make_shared<MixtureSameFamily>(mixing, a[1].distribution);
  if (!a[1].distributions.empty() && accepted != Components::Batched)
    return std::make_shared<MixtureGeneral>(mixing, a[1].distributions);
  const char* batched = "a distribution with the components in its last batch axis";
  const char* listed = "a list of distributions, as [Normal(0, 1), StudentT(3, 0, 1)]";
  switch (accepted) {
    case Components::Batched:
      throw ArgumentError(fmt::format("{}: component_distribution must be {}", name, batched));
    case Components::Listed:
      throw ArgumentError(fmt::format("{}: component_distributions must be {}", name, listed));
    case Components::Either:
      break;
  }
  throw ArgumentError(
      fmt::format("{}: component_distributions must be {}, or {}", name, batched, listed));
}

DistributionEntry mixture_entry(const char* name, const char* components, const char* summary,
                                Builder build) {
  return {{name,
           {ir::required_param("mixing_distribution"), ir::required_param(components)},
           {},
           false,
           -1,
           "the components' support",
           summary},
          build};
}

DistributionEntry wishart_entry(const char* name, Wishart::Values values, const char* support,
                                const char* summary) {
  const Builder build =
      values == Wishart::Values::Matrices
          ? static_cast<Builder>([](const Arguments& given) {
              return build_wishart("Wishart", Wishart::Values::Matrices, given);
            })
          : static_cast<Builder>([](const Arguments& given) {
              return build_wishart("WishartCholesky", Wishart::Values::CholeskyFactors, given);
            });
  return {{name,
           {ir::required_param("concentration"), ir::optional_param("scale_matrix"),
            ir::optional_param("rate_matrix"), ir::optional_param("scale_tril")},
           {{"scale_matrix", "rate_matrix", "scale_tril"}},
           false,
           2,
           support,
           summary},
          build};
}

}  // namespace

void add_multivariate_entries(std::vector<DistributionEntry>& list) {
  list.push_back({{"Dirichlet",
                   {ir::required_param("concentration")},
                   {},
                   false,
                   1,
                   "simplex",
                   "a probability vector (simplex)"},
                  [](const Arguments& given) -> DistributionPtr {
                    const Arguments a = pad_arguments("Dirichlet", given, 1);
                    return std::make_shared<Dirichlet>(
                        a[0].require_number("Dirichlet", "concentration"));
                  }});
  list.push_back(
      {{"MultivariateNormal",
        {ir::default_param("loc", 0), ir::optional_param("covariance_matrix"),
         ir::optional_param("precision_matrix"), ir::optional_param("scale_tril")},
        {{"covariance_matrix", "precision_matrix", "scale_tril"}},
        false,
        1,
        "real_vector",
        "a Gaussian vector, given one of covariance, precision or Cholesky factor"},
       [](const Arguments& given) -> DistributionPtr {
         const Arguments a = pad_arguments("MultivariateNormal", given, 4);
         const MatrixArgument m = one_matrix("MultivariateNormal", a, 1,
                                             {"covariance_matrix", "precision_matrix", "scale_tril"});
         ad::Var loc = a[0].present() ? a[0].require_number("MultivariateNormal", "loc")
                                      : m.matrix.tape().constant(0.0);
         return std::make_shared<MultivariateNormal>(loc, m.matrix, m.kind);
       }});
  list.push_back(
      {{"MultivariateStudentT",
        {ir::required_param("df"), ir::default_param("loc", 0), ir::required_param("scale_tril")},
        {},
        false,
        1,
        "real_vector",
        "a Student's t vector: loc + scale_tril z sqrt(df / Chi2(df)), z standard normal"},
       [](const Arguments& given) -> DistributionPtr {
         const Arguments a = pad_arguments("MultivariateStudentT", given, 3);
         const ad::Var df = a[0].require_number("MultivariateStudentT", "df");
         const ad::Var loc = a[1].present() ? a[1].require_number("MultivariateStudentT", "loc")
                                            : df.tape().constant(0.0);
         return std::make_shared<MultivariateStudentT>(
             df, loc, a[2].require_number("MultivariateStudentT", "scale_tril"));
       }});
  list.push_back({{"LowRankMultivariateNormal",
                   {ir::required_param("loc"), ir::required_param("cov_factor"),
                    ir::required_param("cov_diag")},
                   {},
                   false,
                   1,
                   "real_vector",
                   "a Gaussian vector with covariance cov_factor cov_factor^T + diag(cov_diag)"},
                  [](const Arguments& given) -> DistributionPtr {
                    const Arguments a = pad_arguments("LowRankMultivariateNormal", given, 3);
                    return std::make_shared<LowRankMultivariateNormal>(
                        a[0].require_number("LowRankMultivariateNormal", "loc"),
                        a[1].require_number("LowRankMultivariateNormal", "cov_factor"),
                        a[2].require_number("LowRankMultivariateNormal", "cov_diag"));
                  }});
  list.push_back({{"DirichletMultinomial",
                   {ir::required_param("concentration"), ir::default_param("total_count", 1)},
                   {},
                   true,
                   1,
                   "multinomial(total_count)",
                   "counts of total_count draws over K categories with Dirichlet probabilities"},
                  [](const Arguments& given) -> DistributionPtr {
                    const Arguments a = pad_arguments("DirichletMultinomial", given, 2);
                    const ad::Var concentration =
                        a[0].require_number("DirichletMultinomial", "concentration");
                    return std::make_shared<DirichletMultinomial>(
                        concentration,
                        number_or(a, 1, "DirichletMultinomial", "total_count", 1.0, concentration));
                  }});
  list.push_back(
      {{"GaussianRandomWalk",
        {ir::default_param("scale", 1), ir::default_param("num_steps", 1)},
        {},
        false,
        1,
        "real_vector",
        "a walk of num_steps steps whose increments are Normal(0, scale)"},
       [](const Arguments& given) -> DistributionPtr {
         const Arguments a = pad_arguments("GaussianRandomWalk", given, 2);
         const ad::Var* any = first_number(a);
         if (!any) throw ArgumentError("GaussianRandomWalk: give scale or num_steps");
         const ad::Var scale = number_or(a, 0, "GaussianRandomWalk", "scale", 1.0, *any);
         const ad::Var steps = number_or(a, 1, "GaussianRandomWalk", "num_steps", 1.0, *any);
         const Array& n = steps.value();
         if (n.size() != 1 || n.values()[0] != std::floor(n.values()[0]) || !(n.values()[0] >= 1) ||
             n.values()[0] > 1e9)
           throw ArgumentError(fmt::format(
               "GaussianRandomWalk: num_steps must be one integer >= 1, got {}", n.to_string()));
         return std::make_shared<GaussianRandomWalk>(scale, static_cast<int64_t>(n.values()[0]));
       }});
  list.push_back(wishart_entry("Wishart", Wishart::Values::Matrices, "positive_definite",
                               "a symmetric positive-definite matrix: the scatter matrix of "
                               "concentration Gaussian vectors of covariance scale_matrix"));
  list.push_back(wishart_entry("WishartCholesky", Wishart::Values::CholeskyFactors,
                               "lower_cholesky", "the lower Cholesky factor of a Wishart matrix"));
  list.push_back(
      {{"ZeroSumNormal",
        {ir::required_param("scale"), ir::required_param("event_shape")},
        {},
        false,
        1,
        "zero_sum",
        "a Normal(0, scale) vector of event_shape entries conditioned to sum to zero"},
       [](const Arguments& given) -> DistributionPtr {
         const Arguments a = pad_arguments("ZeroSumNormal", given, 2);
         const ad::Var scale = a[0].require_number("ZeroSumNormal", "scale");
         const Array& n = a[1].require_number("ZeroSumNormal", "event_shape").value();
         if (n.size() != 1 || n.rank() > 1 || n.values()[0] != std::floor(n.values()[0]) ||
             !(n.values()[0] >= 2) || n.values()[0] > 1e9)
           throw ArgumentError(fmt::format(
               "ZeroSumNormal: event_shape must be one size of at least 2, as [n] (one zero-sum "
               "axis), got {}",
               n.to_string()));
         return std::make_shared<ZeroSumNormal>(scale, static_cast<int64_t>(n.values()[0]));
       }});
  list.push_back({{"LKJCholesky",
                   {ir::required_param("dimension"), ir::default_param("concentration", 1)},
                   {},
                   false,
                   2,
                   "corr_cholesky",
                   "the Cholesky factor of an LKJ-distributed correlation matrix"},
                  [](const Arguments& given) -> DistributionPtr {
                    const LkjArguments a = lkj_arguments("LKJCholesky", given);
                    return std::make_shared<LKJCholesky>(a.dimension, a.concentration);
                  }});
  list.push_back({{"LKJ",
                   {ir::required_param("dimension"), ir::default_param("concentration", 1)},
                   {},
                   false,
                   2,
                   "corr_matrix",
                   "a correlation matrix with density proportional to det(C)^(concentration - 1)"},
                  [](const Arguments& given) -> DistributionPtr {
                    const LkjArguments a = lkj_arguments("LKJ", given);
                    return std::make_shared<LKJ>(a.dimension, a.concentration);
                  }});
  list.push_back(mixture_entry(
      "MixtureSameFamily", "component_distribution",
      "a mixture of the components' batch, weighted by a Categorical", [](const Arguments& a) {
        return build_mixture("MixtureSameFamily", Components::Batched, a);
      }));
  list.push_back(mixture_entry(
      "MixtureGeneral", "component_distributions",
      "a mixture of a list of distributions sharing event shape and support",
      [](const Arguments& a) { return build_mixture("MixtureGeneral", Components::Listed, a); }));
  list.push_back(mixture_entry(
      "Mixture", "component_distributions",
      "MixtureGeneral for a list of components, MixtureSameFamily for one batched distribution",
      [](const Arguments& a) { return build_mixture("Mixture", Components::Either, a); }));
  list.push_back(
      {{"TransformedDistribution",
        {ir::required_param("base_distribution"), ir::required_param("transforms")},
        {},
        false,
        -1,
        "the image of the base support",
        "the base distribution pushed through the transforms"},
       [](const Arguments& a) -> DistributionPtr {
         if (!a[0].distribution)
           throw ArgumentError("TransformedDistribution: base_distribution must be a distribution");
         if (a[1].transforms.empty())
           throw ArgumentError(
               "TransformedDistribution: transforms must be one or more transforms");
         return std::make_shared<TransformedDistribution>(a[0].distribution, a[1].transforms);
       }});
}

}  // namespace ppl::dist
