#pragma once
// Every distribution the language knows, each entry its description (name,
// parameters in NumPyro's order with their defaults, support, a docs line)
// and its builder. The catalogue (src/ir/catalog.h) reads the descriptions,
// the interpreter the builders; there is no other list.
//
// An elementwise distribution (elementwise.h) is one line here:
// elementwise_entry<NormalFamily>(). The others add their entries in the
// file of their group (entries_*.cpp); MixtureSameFamily and
// TransformedDistribution are in entries_multivariate.cpp.
#include <string_view>
#include <vector>

#include "dist/factory.h"
#include "ir/spec.h"

namespace ppl::dist {

struct DistributionEntry {
  ir::DistributionSpec spec;
  Builder build;
};

const std::vector<DistributionEntry>& distribution_registry();
// nullptr for an unknown name.
const DistributionEntry* find_distribution_entry(std::string_view name);

// The entries of each group of distributions that are not elementwise.
void add_continuous_entries(std::vector<DistributionEntry>& list);
void add_discrete_entries(std::vector<DistributionEntry>& list);
void add_multivariate_entries(std::vector<DistributionEntry>& list);

}  // namespace ppl::dist
