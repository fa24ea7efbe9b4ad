#include "dist/factory.h"

#include <fmt/format.h>

#include "dist/count_helpers.h"
#include "dist/registry.h"

namespace ppl::dist {

ad::Var Argument::require_number(std::string_view distribution, std::string_view name) const {
  if (number) return *number;
  throw ArgumentError(fmt::format("{}: argument '{}' must be a number or an array", distribution, name));
}

Builder find_builder(const std::string& name) {
  const DistributionEntry* entry = find_distribution_entry(name);
  return entry ? entry->build : nullptr;
}

DistributionPtr make_distribution(const std::string& name, const Arguments& args) {
  Builder build = find_builder(name);
  if (!build) throw ArgumentError(fmt::format("the distribution '{}' is not implemented", name));
  return build(args);
}

Arguments pad_arguments(const std::string& distribution, const Arguments& given, size_t count) {
  if (given.size() > count)
    throw ArgumentError(
        fmt::format("{}: expected at most {} arguments, got {}", distribution, count, given.size()));
  Arguments a = given;
  a.resize(count);
  return a;
}

const ad::Var* first_number(const Arguments& args) {
  for (const Argument& a : args)
    if (a.number) return &*a.number;
  return nullptr;
}

ProbsOrLogitsArgument probs_or_logits(const std::string& distribution, const Arguments& a,
                                      size_t first) {
  const bool probs = a[first].present(), logits = a[first + 1].present();
  if (probs == logits)
    throw ArgumentError(fmt::format("{}: exactly one of probs and logits must be given, got {}",
                                    distribution, probs ? "both" : "neither"));
  if (probs) return {a[first].require_number(distribution, "probs"), ProbsOrLogits::Probs};
  return {a[first + 1].require_number(distribution, "logits"), ProbsOrLogits::Logits};
}

ad::Var number_or(const Arguments& a, size_t i, const std::string& distribution,
                  const std::string& name, double fallback, const ad::Var& like) {
  if (!a[i].present()) return like.tape().constant(fallback);
  return a[i].require_number(distribution, name);
}

}  // namespace ppl::dist
