#pragma once
// NUTS or HMC chains through the model path: a potential per chain (as
// `ppl fit` builds them), each chain initialized at a prior draw, keys from
// the seed and the chain's index.
#include <memory>
#include <vector>

#include "infer/mcmc/keyed_random_source.h"
#include "infer/mcmc/multi_chain.h"
#include "infer/model_potential.h"
#include "runtime_test_support.h"

namespace ppl::test {

struct ModelChains {
  std::vector<std::unique_ptr<infer::ModelPotential>> potentials;  // one per chain
  std::vector<infer::ChainResult> results;
};

inline ModelChains run_model_chains(const LoadedProgram& p, const infer::ChainSettings& settings,
                                    std::uint64_t seed, int chains = 4) {
  ModelChains out;
  out.potentials.resize(chains);
  auto make_chain = [&](int c) {
    RandomKey key = infer::chain_key(seed, c);
    out.potentials[c] = std::make_unique<infer::ModelPotential>(p.program, p.data, fold_in(key, "model"));
    infer::ModelPotential* potential = out.potentials[c].get();
    infer::ChainInputs inputs;
    inputs.initial_position = potential->unconstrained_prior_draw(fold_in(key, "init"));
    inputs.potential = [potential](const Eigen::VectorXd& q, Eigen::VectorXd& g) {
      return (*potential)(q, g);
    };
    inputs.random = std::make_unique<infer::KeyedRandomSource>(fold_in(key, "sampler"));
    return inputs;
  };
  out.results = infer::run_chains(chains, 1, make_chain, settings);
  return out;
}

}  // namespace ppl::test
