#pragma once
// The rows of a model's outermost data plate cut into a fixed number of
// contiguous shards, so that the log density is a sum of per-shard terms
// that threads or ranks compute apart (as Stan's reduce_sum and map_rect).
// The plate must be `plate P in N` with N an int data entry; the shards
// slice every data entry declared with N as its first dim and give N the
// shard's row count. The cut depends only on N, never on how many threads or
// ranks evaluate it, so sums over shards in shard order are the same bits
// everywhere.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "infer/ranks.h"
#include "ir/ir.h"
#include "runtime/message.h"
#include "runtime/model_data.h"

namespace ppl::infer {

struct RowShards {
  std::string plate;                 // the plate's name
  int size_entry = -1;               // the int data entry giving its size
  std::vector<int> sliced_entries;   // data entries with that size as first dim
  int64_t rows = 0;
  // > 0: the plate is subsampled, and the shards cut each minibatch of this
  // many rows (positions in it), not the data: every shard reads the whole
  // data (allowed only where find_row_shards is asked for it).
  int64_t minibatch = 0;
  std::vector<int64_t> starts;       // shard k holds rows [starts[k], starts[k + 1])

  int count() const { return static_cast<int>(starts.size()) - 1; }
  int64_t begin(int k) const { return starts[k]; }
  int64_t end(int k) const { return starts[k + 1]; }
};

// How many shards `rows` rows make: one per 1024 rows, at least 1, at most 64.
int shard_count_for(int64_t rows);

// The shards of the model's outermost data plate (the first plate, in program
// order, that no other plate encloses; its size must be an int data entry),
// cut into `count` shards (0: shard_count_for(rows), or of the minibatch's
// size). Throws ppl::Error with the reason when the model has no such plate,
// or when it is subsampled and `allow_minibatch` is false.
RowShards find_row_shards(const ir::Program& program, const runtime::ModelData& data, int count = 0,
                          bool allow_minibatch = false);

// The data of shard k: sliced entries cut to its rows, the size entry set to
// its row count, the others copied (they are usually small: sizes, priors'
// settings).
runtime::ModelData shard_data(const runtime::ModelData& data, const RowShards& shards, int k);

// ppl::Error when a latent site (`site`, enclosed by `plates`) lies inside
// the split plate: its rows would be cut with the data's. The same on
// every rank.
void refuse_latent_site_in(const std::string& site, const std::vector<runtime::PlateFrame>& plates,
                           const std::string& plate);

// The shards rank r of K evaluates: [first, last) of a contiguous,
// near-even split (shards r*S/K up to (r+1)*S/K).
struct RankShards {
  int first = 0, last = 0;
};
RankShards shards_of_rank(int shard_count, int rank, int ranks);

// Per-shard results [value, then `size` gradient entries] added in shard
// order: `mine` holds this rank's shards' rows, in order; with ranks, every
// rank's rows are gathered first (a copy, in rank order, which is shard
// order), so every rank gets the same bits.
struct ShardSum {
  double value = 0;
  Eigen::VectorXd gradient;
};
ShardSum sum_in_shard_order(const std::vector<double>& mine, Eigen::Index size, Ranks* ranks);

}  // namespace ppl::infer
