#pragma once
// A chain's result as a flat list of doubles and back, bit for bit: how the
// chains run on other MPI ranks reach rank 0 (infer/ranks.h).
#include <vector>

#include "infer/mcmc/chain.h"

namespace ppl::infer {

std::vector<double> encode_chain_result(const ChainResult& result);
// Reads one result from `at`, which moves past it; ppl::Error when the list
// ends early.
ChainResult decode_chain_result(const std::vector<double>& numbers, size_t& at);

}  // namespace ppl::infer
