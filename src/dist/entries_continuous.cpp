// The entries of the continuous distributions that are not elementwise
// (elementwise.h): Delta, ImproperUniform, the truncated and folded
// distributions, and AsymmetricLaplace's quantile parameterization.
#include <fmt/format.h>

#include <cmath>

#include "dist/asymmetric_laplace.h"
#include "dist/delta.h"
#include "dist/folded_distribution.h"
#include "dist/improper_uniform.h"
#include "ad/ops.h"
#include "core/array_math.h"
#include "dist/registry.h"
#include "dist/truncated.h"

namespace ppl::dist {

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

// Truncated(base_dist = a[0], low = a[1], high = a[2]); an absent bound is
// `low_default` or `high_default`, or an open side when those are absent.
DistributionPtr truncated_from(const Arguments& given, const char* name,
                               std::optional<double> low_default,
                               std::optional<double> high_default) {
  const Arguments a = pad_arguments(name, given, 3);
  if (!a[0].distribution)
    throw ArgumentError(fmt::format("{}: base_dist must be a distribution", name));
  ad::Tape& tape = a[0].distribution->tape();
  const auto bound = [&](const Argument& argument, const char* role,
                         std::optional<double> fallback) -> std::optional<ad::Var> {
    if (argument.present()) return argument.require_number(name, role);
    if (fallback) return tape.constant(*fallback);
    return std::nullopt;
  };
  return std::make_shared<Truncated>(name, a[0].distribution, bound(a[1], "low", low_default),
                                     bound(a[2], "high", high_default));
}

// TruncatedNormal(loc, scale, low, high) and its kin: the family's
// distribution of (loc, scale), truncated.
DistributionPtr truncated_family(const Arguments& given, const char* name, const char* family) {
  Arguments a = pad_arguments(name, given, 4);
  Argument base;
  base.distribution = make_distribution(family, {a[0], a[1]});
  return truncated_from({base, a[2], a[3]}, name, {}, {});
}

}  // namespace

void add_continuous_entries(std::vector<DistributionEntry>& list) {
  list.push_back({{"Delta",
                   {ir::default_param("v", 0), ir::default_param("log_density", 0),
                    ir::default_param("event_dim", 0)},
                   {},
                   false,
                   -1,
                   "real",
                   "a point mass at v, with log_density added to the density"},
                  [](const Arguments& a) -> DistributionPtr {
                    ad::Var v = number(a, 0, "Delta", "v");
                    ad::Var log_density = number(a, 1, "Delta", "log_density");
                    const Array& event_dim = number(a, 2, "Delta", "event_dim").value();
                    if (event_dim.size() != 1)
                      throw ArgumentError(
                          fmt::format("Delta: event_dim must be a non-negative integer, got {}",
                                      event_dim.to_string()));
                    return std::make_shared<Delta>(
                        v, log_density,
                        static_cast<int>(whole_number(event_dim.item(), "Delta", "event_dim")));
                  }});
  list.push_back({{"ImproperUniform",
                   {ir::required_param("support"), ir::required_param("batch_shape"),
                    ir::required_param("event_shape")},
                   {},
                   false,
                   -1,
                   "the given support",
                   "a flat log density of 0 on the given support; cannot be sampled"},
                  [](const Arguments& a) -> DistributionPtr {
                    if (a.empty() || !a[0].constraint)
                      throw ArgumentError(
                          "ImproperUniform: argument 'support' must be a constraint");
                    Shape batch = shape_argument(a, 1, "batch_shape");
                    Shape event = shape_argument(a, 2, "event_shape");
                    ad::Tape& tape = number(a, 1, "ImproperUniform", "batch_shape").tape();
                    return std::make_shared<ImproperUniform>(*a[0].constraint, batch, event, tape);
                  }});
  // NumPyro's truncated distributions; an absent bound leaves its side open.
  const auto truncated = [&list](const char* name, std::vector<ir::ParamSpec> params,
                                 const char* summary, Builder build) {
    list.push_back(
        {{name, std::move(params), {}, false, 0, "interval(low, high)", summary}, build});
  };
  truncated(
      "TruncatedDistribution",
      {ir::required_param("base_dist"), ir::optional_param("low"), ir::optional_param("high")},
      "a univariate continuous base_dist restricted to [low, high] and renormalized",
      [](const Arguments& a) { return truncated_from(a, "TruncatedDistribution", {}, {}); });
  truncated(
      "LeftTruncatedDistribution", {ir::required_param("base_dist"), ir::default_param("low", 0.0)},
      "base_dist restricted to [low, inf) and renormalized",
      [](const Arguments& a) { return truncated_from(a, "LeftTruncatedDistribution", 0.0, {}); });
  truncated("RightTruncatedDistribution",
            {ir::required_param("base_dist"), ir::default_param("high", 0.0)},
            "base_dist restricted to (-inf, high] and renormalized", [](const Arguments& a) {
              Arguments with_low = pad_arguments("RightTruncatedDistribution", a, 2);
              with_low.insert(with_low.begin() + 1, Argument{});
              return truncated_from(with_low, "RightTruncatedDistribution", {}, 0.0);
            });
  truncated("TwoSidedTruncatedDistribution",
            {ir::required_param("base_dist"), ir::default_param("low", 0.0),
             ir::default_param("high", 1.0)},
            "base_dist restricted to [low, high] and renormalized", [](const Arguments& a) {
              return truncated_from(a, "TwoSidedTruncatedDistribution", 0.0, 1.0);
            });
  truncated("TruncatedNormal",
            {ir::default_param("loc", 0.0), ir::default_param("scale", 1.0),
             ir::optional_param("low"), ir::optional_param("high")},
            "Normal(loc, scale) restricted to [low, high] and renormalized",
            [](const Arguments& a) { return truncated_family(a, "TruncatedNormal", "Normal"); });
  truncated("TruncatedCauchy",
            {ir::default_param("loc", 0.0), ir::default_param("scale", 1.0),
             ir::optional_param("low"), ir::optional_param("high")},
            "Cauchy(loc, scale) restricted to [low, high] and renormalized",
            [](const Arguments& a) { return truncated_family(a, "TruncatedCauchy", "Cauchy"); });
  list.push_back({{"FoldedDistribution",
                   {ir::required_param("base_dist")},
                   {},
                   false,
                   0,
                   "positive",
                   "the law of |x| for x from a univariate continuous base_dist"},
                  [](const Arguments& given) -> DistributionPtr {
                    const Arguments a = pad_arguments("FoldedDistribution", given, 1);
                    if (!a[0].distribution)
                      throw ArgumentError("FoldedDistribution: base_dist must be a distribution");
                    return std::make_shared<FoldedDistribution>(a[0].distribution);
                  }});
  list.push_back(
      {{"AsymmetricLaplaceQuantile",
        {ir::default_param("loc", 0.0), ir::default_param("scale", 1.0),
         ir::default_param("quantile", 0.5)},
        {},
        false,
        0,
        "real",
        "AsymmetricLaplace with asymmetry sqrt(q / (1 - q)) and scale scale * asymmetry / q: the "
        "likelihood of Bayesian quantile regression"},
       [](const Arguments& given) -> DistributionPtr {
         const Arguments a = pad_arguments("AsymmetricLaplaceQuantile", given, 3);
         const ad::Var* any = first_number(a);
         if (!any) throw ArgumentError("AsymmetricLaplaceQuantile: give loc, scale or quantile");
         const char* name = "AsymmetricLaplaceQuantile";
         const ad::Var loc = number_or(a, 0, name, "loc", 0.0, *any);
         const ad::Var scale = number_or(a, 1, name, "scale", 1.0, *any);
         const ad::Var q = number_or(a, 2, name, "quantile", 0.5, *any);
         check_argument(name, "scale", scale, domain::positive_finite, "positive");
         check_argument(name, "quantile", q,
                        [](const Array& v) { return greater(v, Array(0.0)) * less(v, Array(1.0)); },
                        "in (0, 1)");
         const ad::Var asymmetry = ad::sqrt(q / (1.0 - q));
         return std::make_shared<AsymmetricLaplace>(loc, scale * asymmetry / q, asymmetry);
       }});
}

}  // namespace ppl::dist
