#pragma once
// The description of a call the language knows by name: its parameters in
// NumPyro's order with NumPyro's defaults. Distributions describe themselves
// with these types where they are implemented (src/dist/registry.h); the
// catalogue (catalog.h) gathers every description for the checker.
#include <functional>
#include <string>
#include <vector>

namespace ppl::ad {
class Var;
}
namespace ppl::functions {
struct BuiltinCall;
}

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
  // A string literal written in the program (einsum's subscripts), not a number.
  bool text = false;
};

inline ParamSpec required_param(std::string name) { return {std::move(name), Presence::Required, 0}; }
inline ParamSpec default_param(std::string name, double value) {
  return {std::move(name), Presence::Default, value};
}
inline ParamSpec optional_param(std::string name) { return {std::move(name), Presence::Optional, 0}; }
inline ParamSpec text_param(std::string name) {
  return {std::move(name), Presence::Required, 0, true};
}

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

// How a built-in's result type follows from its arguments (for static checks).
enum class ResultRule {
  Elementwise,      // shape of the broadcast arguments, real
  Reduction,        // drops the axis argument (or everything when absent)
  SameAsFirst,      // shape of the first argument
  Scalar,           // a single number
  NewArray,         // shape given by an argument; unknown statically
  Einsum,           // the output term of einsum's subscripts
  Unknown,          // not inferred
};

// A built-in function: its description and its implementation together, so
// that lowering binds a call to the callable (src/functions/registry.h).
using BuiltinImplementation = std::function<ad::Var(const functions::BuiltinCall&)>;

struct FunctionSpec {
  std::string name;
  std::vector<ParamSpec> params;
  ResultRule result = ResultRule::Unknown;
  // The first parameter that is not text repeats: concat(a, b, c, axis=0),
  // einsum("i,i,i", a, b, c).
  bool variadic = false;
  bool integer_result = false;    // size, shape, arange of ints...
  bool only_in_param_init = false;  // random initializers
  // Whether the result depends on where the first argument's axes start
  // (axes, reductions, shapes): a vectorized run then passes the program's
  // rank of that argument.
  bool counts_axes = false;
  std::string summary;            // one line for docs and "did you mean"
  BuiltinImplementation implementation;
};

}  // namespace ppl::ir
