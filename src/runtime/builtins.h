#pragma once
// The built-in functions and operators of the language on tape values.
#include <optional>
#include <string>
#include <vector>

#include "ad/tape.h"
#include "core/random_key.h"
#include "ir/catalog.h"
#include "ir/ir.h"

namespace ppl::runtime {

struct BuiltinContext {
  ad::Tape& tape;
  RandomKey init_key;  // for init_normal / init_uniform
  // Dims of draws or particles left of the program's own dims on the first
  // argument (0 outside vectorized runs): axes, reductions over everything,
  // shapes and sizes count only the program's dims.
  int leading_dims = 0;
  // The rank the program gives the first argument; -1 when unknown.
  int operand_rank = -1;
};

// Whether the built-in's result depends on where its argument's axes start
// (reductions, axes, shapes), so that a vectorized run needs the argument's
// rank in the program.
bool counts_axes(const ir::FunctionSpec& spec);

// Whether the runtime implements the catalogue's built-in `name` (each
// catalogue entry must; tests walk the catalogue).
bool has_builtin_implementation(const std::string& name);
std::vector<std::string> implemented_builtins();

// Arguments in the catalogue's order; absent optional ones are nullopt.
// Throws ppl::Error with the reason.
ad::Var call_builtin_function(const ir::FunctionSpec& spec,
                              const std::vector<std::optional<ad::Var>>& args,
                              BuiltinContext& context);

ad::Var binary_operation(ir::BinaryOp op, ad::Var a, ad::Var b);
Array logical_not(const Array& a);

// m distinct indices drawn uniformly from 0..n-1 (a random minibatch).
Array subsample_indices(RandomKey key, int64_t n, int64_t m);

// One entry of x[...]: an integer, an integer array (gather) or a slice.
struct IndexPart {
  bool is_slice = false;
  std::optional<ad::Var> index;
  std::optional<int64_t> low, high;
};
// Indices apply from axis `first_axis` on (the program's first axis).
ad::Var apply_index(ad::Var a, const std::vector<IndexPart>& parts, int first_axis = 0);

}  // namespace ppl::runtime
