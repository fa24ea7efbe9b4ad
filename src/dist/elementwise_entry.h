#pragma once
// The registry entry of an elementwise distribution, read off its family
// (elementwise.h): the description from the roles, a builder that takes the
// arguments in the roles' order and fills absent ones with their defaults.
#include <cmath>

#include "dist/elementwise.h"
#include "dist/registry.h"

namespace ppl::dist {

template <class Family>
DistributionPtr build_elementwise(const Arguments& given) {
  const Arguments a = pad_arguments(Family::name, given, Family::roles.size());
  const ad::Var* any_number = first_number(a);
  typename Elementwise<Family>::Parameters parameters;
  for (size_t i = 0; i < parameters.size(); ++i) {
    const Role& role = Family::roles[i];
    const bool use_default = !a[i].present() && !std::isnan(role.default_value) && any_number;
    parameters[i] = use_default ? any_number->tape().constant(role.default_value)
                                : a[i].require_number(Family::name, role.name);
  }
  return std::make_shared<Elementwise<Family>>(parameters);
}

template <class Family>
DistributionEntry elementwise_entry() {
  ir::DistributionSpec spec;
  spec.name = Family::name;
  for (const Role& role : Family::roles)
    spec.params.push_back(std::isnan(role.default_value)
                              ? ir::required_param(role.name)
                              : ir::default_param(role.name, role.default_value));
  const Constraint support = Constraint::of(Family::support);
  spec.discrete = support.is_discrete();
  spec.event_rank = 0;
  if constexpr (requires { Family::support_name; })
    spec.support = Family::support_name;
  else
    spec.support = support.to_string();
  spec.summary = Family::summary;
  return {spec, &build_elementwise<Family>};
}

}  // namespace ppl::dist
