#include "dist/factory.h"

#include <fmt/format.h>

#include "dist/normal.h"
#include "dist/transformed_distribution.h"

namespace ppl::dist {

ad::Var Argument::require_number(const std::string& distribution, const std::string& name) const {
  if (number) return *number;
  throw ArgumentError(fmt::format("{}: argument '{}' must be a number or an array", distribution, name));
}

void add_normal_builders(BuilderTable& table) {
  table["Normal"] = [](const Arguments& a) -> DistributionPtr {
    return std::make_shared<Normal>(a[0].require_number("Normal", "loc"),
                                    a[1].require_number("Normal", "scale"));
  };
}

void add_transformed_builders(BuilderTable& table) {
  table["TransformedDistribution"] = [](const Arguments& a) -> DistributionPtr {
    if (!a[0].distribution)
      throw ArgumentError("TransformedDistribution: base_distribution must be a distribution");
    if (a[1].transforms.empty())
      throw ArgumentError("TransformedDistribution: transforms must be one or more transforms");
    return std::make_shared<TransformedDistribution>(a[0].distribution, a[1].transforms);
  };
}

static const BuilderTable& builders() {
  static const BuilderTable table = [] {
    BuilderTable t;
    add_normal_builders(t);
    add_continuous_builders(t);
    add_discrete_builders(t);
    add_multivariate_builders(t);
    add_transformed_builders(t);
    return t;
  }();
  return table;
}

Builder find_builder(const std::string& name) {
  auto it = builders().find(name);
  return it == builders().end() ? nullptr : it->second;
}

DistributionPtr make_distribution(const std::string& name, const Arguments& args) {
  auto it = builders().find(name);
  if (it == builders().end())
    throw ArgumentError(fmt::format("the distribution '{}' is not implemented", name));
  return it->second(args);
}

}  // namespace ppl::dist
