#pragma once
// The operators of the language and indexing, on tape values. Built-in
// functions are entries of their registry (src/functions/registry.h), each
// with its implementation.
#include <optional>
#include <string>
#include <vector>

#include "ad/tape.h"
#include "core/random_key.h"
#include "ir/ir.h"

namespace ppl::runtime {

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
