#pragma once
// Several chains on a pool of threads. Each chain gets its own potential
// (the model's evaluator is not shared across threads) and its own random
// source derived from the seed and the chain's index alone, so the draws do
// not depend on the number of threads.
#include <functional>
#include <memory>
#include <vector>

#include "infer/mcmc/chain.h"

namespace ppl::infer {

struct ChainInputs {
  Eigen::VectorXd initial_position;
  PotentialFunction potential;
  std::unique_ptr<RandomSource> random;
};

// make_chain(c) builds chain c's inputs; it is called on the chain's thread.
using ChainFactory = std::function<ChainInputs(int chain)>;
using ChainProgress = std::function<void(int chain, int iteration, bool warmup, const DrawStats&)>;

// Runs `chains` chains on at most `threads` threads; results in chain order.
// An exception in any chain is rethrown after every thread has stopped.
std::vector<ChainResult> run_chains(int chains, int threads, const ChainFactory& make_chain,
                                    const ChainSettings& settings,
                                    const ChainProgress& progress = nullptr);

}  // namespace ppl::infer
