#pragma once
// The registry entry of an elementwise distribution, read off its family
// (elementwise.h): the description from the roles, a builder that takes the
// arguments in the roles' order and fills absent ones with their defaults.
#include <cmath>

#include "dist/elementwise.h"
#include "dist/registry.h"

namespace ppl::dist {

// Arguments absent at the end of `given` count as not given; none is copied
// (a distribution is built at every run of its statement).
template <class Family>
DistributionPtr build_elementwise(const Arguments& given) {
  constexpr size_t count = Family::roles.size();
  if (given.size() > count) (void)pad_arguments(Family::about.name, given, count);  // throws
  static const Argument absent;
  const ad::Var* any_number = first_number(given);
  typename Elementwise<Family>::Parameters parameters;
  for (size_t i = 0; i < count; ++i) {
    const Role& role = Family::roles[i];
    const Argument& argument = i < given.size() ? given[i] : absent;
    const bool use_default = !argument.present() && !std::isnan(role.default_value) && any_number;
    parameters[i] = use_default ? any_number->tape().constant(role.default_value)
                                : argument.require_number(Family::about.name, role.name);
  }
  return std::make_shared<Elementwise<Family>>(parameters);
}

template <class Family>
DistributionEntry elementwise_entry() {
  ir::DistributionSpec spec;
  spec.name = Family::about.name;
  for (const Role& role : Family::roles)
    spec.params.push_back(std::isnan(role.default_value)
                              ? ir::required_param(role.name)
                              : ir::default_param(role.name, role.default_value));
  const Constraint support = Constraint::of(Family::about.support);
  spec.discrete = support.is_discrete();
  spec.event_rank = 0;
  spec.support = support.to_string();
  spec.summary = Family::about.summary;
  return {spec, &build_elementwise<Family>};
}

}  // namespace ppl::dist
