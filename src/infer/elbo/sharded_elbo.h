#pragma once
// The ELBO split over the rows of the model's outermost data plate
// (infer/row_shards.h), or over each minibatch of a subsampled plate, and
// over MPI ranks: data-parallel SVI. Each rank
// scores its block of shards for the same particles (the same keys, so the
// same guide draws everywhere): shard 0 the guide and every model site on
// its rows, the others only the model's sites inside the plate. The shards'
// losses and gradients are gathered and added in shard order, so every rank
// takes the same optimizer step, and the result does not depend on the
// number of ranks. The sum is checked against the unsplit ELBO at the first
// step.
#include <memory>
#include <vector>

#include "infer/elbo/elbo.h"
#include "infer/fast_path.h"
#include "infer/ranks.h"
#include "infer/row_shards.h"

namespace ppl::infer {

class ShardedElbo {
 public:
  // `data` is the whole data, kept alive by the caller: each of this rank's
  // shards (shards_of_rank) gets its rows, or with a subsampled plate
  // (shards.minibatch) its block of each minibatch; `whole` is the unsplit
  // objective, for the checks.
  ShardedElbo(const ir::Program& program, const runtime::ModelData& data, const Guide& guide,
              ParamStore& store, const ElboSettings& settings, const RowShards& shards,
              ElboObjective& whole, Ranks& ranks);

  // Refuses, the same on every rank, a latent site inside the plate; then
  // runs one particle of every shard of this rank (a failure there ends
  // every rank, naming this one).
  void initialize(RandomKey key);
  ElboObjective::Evaluation evaluate(RandomKey key);

 private:
  RowShards shards_;
  ElboObjective& whole_;
  ParamStore& store_;
  Ranks& ranks_;
  RankShards mine_;
  std::vector<std::unique_ptr<runtime::ModelData>> shard_data_;  // rows cut: one per piece
  std::vector<std::unique_ptr<ElboObjective>> pieces_;  // this rank's shards, in order
  FastPathDecision checks_{1};  // the first step: the unsplit run has its particles looped then
};

}  // namespace ppl::infer
