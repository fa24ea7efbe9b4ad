#pragma once
// A sampler's random source drawn from a counter-based key, and the key of
// each chain: chain c's stream is a function of the seed and c alone.
#include "core/random_key.h"
#include "infer/mcmc/potential.h"

namespace ppl::infer {

class KeyedRandomSource : public RandomSource {
 public:
  explicit KeyedRandomSource(RandomKey key) : stream_(key) {}
  double uniform() override { return stream_.uniform(); }
  double normal() override { return stream_.normal(); }

 private:
  RandomStream stream_;
};

inline RandomKey chain_key(std::uint64_t seed, int chain) {
  return fold_in(fold_in(RandomKey(seed), "mcmc chain"), static_cast<std::uint64_t>(chain));
}

}  // namespace ppl::infer
