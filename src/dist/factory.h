#pragma once
// Distributions built by name from the arguments of a call in a program,
// in the catalogue's parameter order (src/ir/catalog.cpp; NumPyro's order).
// Each group of distributions adds its builders to the table in a file of
// its own (builders_*.cpp).
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dist/distribution.h"

namespace ppl::dist {

class Transform;
using TransformPtr = std::shared_ptr<const Transform>;

// One argument of a distribution call: a number (array), a distribution
// (MixtureSameFamily's), a constraint (ImproperUniform's support) or
// transforms (TransformedDistribution's). Absent optional arguments (probs
// when logits is given) have none of them.
struct Argument {
  std::optional<ad::Var> number;
  DistributionPtr distribution;
  std::optional<Constraint> constraint;
  std::vector<TransformPtr> transforms;

  bool present() const {
    return number || distribution || constraint || !transforms.empty();
  }
  // The number, or ArgumentError "<dist>: argument '<name>' must be a number".
  ad::Var require_number(const std::string& distribution, const std::string& name) const;
};

using Arguments = std::vector<Argument>;
using Builder = DistributionPtr (*)(const Arguments& args);
using BuilderTable = std::map<std::string, Builder>;

// Throws ArgumentError for an unknown name or invalid arguments.
DistributionPtr make_distribution(const std::string& name, const Arguments& args);
// The builder of a distribution, or nullptr for an unknown name (callers
// that build the same distribution often keep it).
Builder find_builder(const std::string& name);

// The builders of each group.
void add_normal_builders(BuilderTable& table);
void add_continuous_builders(BuilderTable& table);
void add_discrete_builders(BuilderTable& table);
void add_multivariate_builders(BuilderTable& table);
void add_transformed_builders(BuilderTable& table);

}  // namespace ppl::dist
