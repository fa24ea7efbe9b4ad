#pragma once
// The description of a call the language knows by name: its parameters in
// NumPyro's order with NumPyro's defaults. Distributions describe themselves
// with these types where they are implemented (src/dist/registry.h); the
// catalogue (catalog.h) gathers every description for the checker.
#include <string>
#include <vector>

namespace ppl::ir {

enum class Presence {
  Required,  // must be given
  Default,   // filled with default_value when absent
  Optional,  // may stay absent (e.g. one of probs / logits)
};

struct ParamSpec {
  std::string name;
  Presence presence = Presence::Required;
  double default_value = 0;
};

inline ParamSpec required_param(std::string name) { return {std::move(name), Presence::Required, 0}; }
inline ParamSpec default_param(std::string name, double value) {
  return {std::move(name), Presence::Default, value};
}
inline ParamSpec optional_param(std::string name) { return {std::move(name), Presence::Optional, 0}; }

struct DistributionSpec {
  std::string name;
  std::vector<ParamSpec> params;
  // Groups of parameters of which exactly one must be given (probs | logits).
  std::vector<std::vector<std::string>> exactly_one_of;
  bool discrete = false;
  int event_rank = 0;   // -1 when it depends on the arguments
  std::string support;  // the support constraint, for summaries and messages
  std::string summary;  // one line for the docs
};

}  // namespace ppl::ir
