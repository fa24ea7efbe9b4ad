#pragma once
// Distributions built by name from the arguments of a call in a program,
// in the order of their description (registry.h; NumPyro's order).
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dist/distribution.h"

namespace ppl::dist {

class Transform;
using TransformPtr = std::shared_ptr<const Transform>;

// One argument of a distribution call: a number (array), a distribution
// (MixtureSameFamily's), a constraint (ImproperUniform's support),
// transforms (TransformedDistribution's) or a list of distributions
// (Mixture's). Absent optional arguments (probs when logits is given) have
// none of them.
struct Argument {
  std::optional<ad::Var> number;
  DistributionPtr distribution;
  std::optional<Constraint> constraint;
  std::vector<TransformPtr> transforms;
  std::vector<DistributionPtr> distributions;

  bool present() const {
    return number || distribution || constraint || !transforms.empty() || !distributions.empty();
  }
  // The number, or ArgumentError "<dist>: argument '<name>' must be a number".
  ad::Var require_number(std::string_view distribution, std::string_view name) const;
};

using Arguments = std::vector<Argument>;
using Builder = DistributionPtr (*)(const Arguments& args);

// Throws ArgumentError for an unknown name or invalid arguments.
DistributionPtr make_distribution(const std::string& name, const Arguments& args);
// The builder of a distribution, or nullptr for an unknown name (callers
// that build the same distribution often keep it).
Builder find_builder(const std::string& name);

// ---- Reading arguments, for builders ----

// The arguments padded to `count` with absent ones (a caller may leave
// trailing optional arguments out); more than `count` is an ArgumentError.
Arguments pad_arguments(const std::string& distribution, const Arguments& given, size_t count);
// The first argument that is a number, or nullptr (its tape holds defaults).
const ad::Var* first_number(const Arguments& args);

enum class ProbsOrLogits;
struct ProbsOrLogitsArgument {
  ad::Var parameter;
  ProbsOrLogits kind;
};
// a[first] is probs, a[first + 1] logits: exactly one of them must be given.
ProbsOrLogitsArgument probs_or_logits(const std::string& distribution, const Arguments& a,
                                      size_t first);
// A number argument, or `fallback` (a constant on `like`'s tape) when absent.
ad::Var number_or(const Arguments& a, size_t i, const std::string& distribution,
                  const std::string& name, double fallback, const ad::Var& like);

}  // namespace ppl::dist
