#pragma once
// A potential energy computed shard by shard (infer/row_shards.h): shard 0
// counts every term of the model on its rows, the others only the sites
// inside the split plate on theirs. The shards run on a pool of threads (and
// across ranks, each rank a block of shards); their potentials and gradients are
// added in shard order, so the result does not depend on the number of
// threads or ranks. The sum is checked against the unsplit model's potential
// at the first two points of finite density: a model whose meaning changes
// when its rows are split (a data entry of the plate's size used outside the
// plate, a latent site inside it) is refused with the reason.
#include <Eigen/Dense>
#include <memory>
#include <vector>

#include "core/random_key.h"
#include "core/work_pool.h"
#include "infer/fast_path.h"
#include "infer/model_potential.h"
#include "infer/row_shards.h"
#include "infer/ranks.h"

namespace ppl::infer {

// ppl::Error naming a latent site inside `plate`: its rows would be cut
// with the data's, so the rows cannot be split. The same on every rank.
void refuse_latent_sites_in(const LatentLayout& layout, const std::string& plate);

class ShardedPotential {
 public:
  // `shard_data[k]` is shard_data(data, shards, k) for this rank's shards
  // (shards_of_rank; all of them without ranks), kept alive by the caller and
  // shared by every chain; `whole` is the unsplit model's potential, for the
  // checks.
  ShardedPotential(const ir::Program& program, const std::vector<runtime::ModelData>& shard_data,
                   RandomKey key, const RowShards& shards, ModelPotential& whole, int threads,
                   Ranks* ranks = nullptr);

  double operator()(const Eigen::VectorXd& q, Eigen::VectorXd& gradient);
  int shard_count() const { return shards_.count(); }

 private:
  double summed(const Eigen::VectorXd& q, Eigen::VectorXd& gradient);

  RowShards shards_;
  ModelPotential& whole_;
  Ranks* ranks_;
  RankShards mine_;
  std::vector<std::unique_ptr<ModelPotential>> pieces_;   // this rank's shards, in order
  std::unique_ptr<WorkPool> pool_;  // at most one thread per shard of this rank
  FastPathDecision checks_{2};
  std::vector<double> rows_;  // per shard of this rank: potential, gradient
};

}  // namespace ppl::infer
