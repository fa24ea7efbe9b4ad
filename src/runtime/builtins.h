#pragma once
// The operators of the language, on tape values (indexing is indexing.h). Built-in
// functions are entries of their registry (src/functions/registry.h), each
// with its implementation.
#include <optional>
#include <string>
#include <vector>

#include "ad/tape.h"
#include "core/random_key.h"
#include "ir/ir.h"
#include "runtime/model_data.h"

namespace ppl::runtime {

ad::Var binary_operation(ir::BinaryOp op, ad::Var a, ad::Var b);
Array logical_not(const Array& a);

// m distinct indices drawn uniformly from 0..n-1 (a random minibatch).
Array subsample_indices(RandomKey key, int64_t n, int64_t m);

// The minibatch of the subsampled plate `plate` (size n, minibatch m) in
// the run keyed by `run_key`: the one `data` chooses for it, else drawn.
// The interpreter and the autoguides' per-row params both read it.
// ppl::Error when the chosen indices are not m distinct indices below n.
Array minibatch_indices(const ModelData* data, const std::string& plate, RandomKey run_key,
                        int64_t n, int64_t m);

}  // namespace ppl::runtime
