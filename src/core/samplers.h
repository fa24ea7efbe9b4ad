#pragma once
// Drawing many values: any sampler of continuous_samplers.h or
// discrete_samplers.h fills an array from a stream, or from a key alone.
#include <Eigen/Core>

#include "core/continuous_samplers.h"
#include "core/discrete_samplers.h"
#include "core/random_key.h"

namespace ppl {

template <class Sampler>
void fill(RandomStream& stream, const Sampler& sampler, Eigen::Ref<Eigen::ArrayXd> out) {
  for (Eigen::Index i = 0; i < out.size(); ++i) out[i] = sampler(stream);
}

// n draws from the stream of `key`, starting at its first block.
template <class Sampler>
Eigen::ArrayXd sample(RandomKey key, const Sampler& sampler, Eigen::Index n) {
  RandomStream stream(key);
  Eigen::ArrayXd out(n);
  fill(stream, sampler, out);
  return out;
}

}  // namespace ppl
