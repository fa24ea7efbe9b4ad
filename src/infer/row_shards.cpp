#include "infer/row_shards.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.h"
#include "infer/model_runs.h"

namespace ppl::infer {
namespace {

// The first plate not inside another plate, searched in program order
// through if, mask, scale and loop bodies.
const ir::Stmt* outermost_plate(const ir::Body& body) {
  for (const ir::StmtPtr& stmt : body) {
    if (stmt->kind == ir::StmtKind::Plate) return stmt.get();
    if (const ir::Stmt* p = outermost_plate(stmt->body)) return p;
    if (const ir::Stmt* p = outermost_plate(stmt->else_body)) return p;
  }
  return nullptr;
}

}  // namespace

int shard_count_for(int64_t rows) {
  return static_cast<int>(std::clamp<int64_t>(rows / 1024, 1, 64));
}

RowShards find_row_shards(const ir::Program& program, const runtime::ModelData& data, int count,
                          bool allow_minibatch) {
  if (!program.model) throw Error("the program has no model block");
  const ir::Frame& model = *program.model;
  const ir::Stmt* plate = outermost_plate(model.body);
  if (!plate)
    throw Error("the model has no plate: only the rows of a data plate (`plate P in N`, N an int "
                "data entry) can be split across threads or ranks");
  RowShards shards;
  shards.plate = plate->name;
  if (plate->subsample_size && !allow_minibatch)
    throw Error(fmt::format("plate {} draws a minibatch: its rows cannot also be split across "
                            "threads or ranks",
                            plate->name));
  if (plate->subsample_size) {
    // The minibatch's size, from a run's sites inside the plate.
    ad::Tape tape;
    const handlers::Trace trace = traced_model_run(program, data, tape, RandomKey(0), {});
    for (const handlers::TraceSite& site : trace.sites())
      for (const handlers::SiteStep& step : site.steps)
        for (const runtime::PlateFrame& frame : step.plates)
          if (frame.name == plate->name) shards.minibatch = frame.batch_size;
    if (shards.minibatch == 0)
      throw Error(fmt::format("plate {} has no site whose rows could be split", plate->name));
    shards.rows = shards.minibatch;
    const int64_t n = count > 0 ? std::min<int64_t>(count, shards.rows) : shard_count_for(shards.rows);
    for (int64_t k = 0; k <= n; ++k) shards.starts.push_back(shards.rows * k / n);
    return shards;
  }
  if (plate->size && plate->size->op == ir::ExprOp::Load)
    for (size_t i = 0; i < model.data_slots.size() && i < program.data.size(); ++i)
      if (model.data_slots[i] == plate->size->slot && program.data[i].dims.empty() &&
          program.data[i].element_type == ir::ElementType::Int)
        shards.size_entry = static_cast<int>(i);
  if (shards.size_entry < 0 || !data.entries[shards.size_entry])
    throw Error(fmt::format("plate {}'s size is not an int data entry: only the rows of a data "
                            "plate (`plate P in N`, N an int data entry) can be split across "
                            "threads or ranks",
                            plate->name));
  shards.rows = static_cast<int64_t>(data.entries[shards.size_entry]->item());
  for (size_t i = 0; i < program.data.size(); ++i) {
    const auto& dims = program.data[i].dims;
    if (!dims.empty() && dims[0].data_index == shards.size_entry)
      shards.sliced_entries.push_back(static_cast<int>(i));
  }
  if (shards.sliced_entries.empty())
    throw Error(fmt::format("plate {}: no data entry has its size, {}, as first dim, so there "
                            "are no rows to split",
                            plate->name, program.data[shards.size_entry].name));
  const int64_t n = std::max<int64_t>(1, count > 0 ? std::min<int64_t>(count, std::max<int64_t>(shards.rows, 1))
                                                   : shard_count_for(shards.rows));
  for (int64_t k = 0; k <= n; ++k) shards.starts.push_back(shards.rows * k / n);
  return shards;
}

runtime::ModelData shard_data(const runtime::ModelData& data, const RowShards& shards, int k) {
  runtime::ModelData part;
  part.chosen_minibatches = data.chosen_minibatches;
  const int64_t first = shards.begin(k), rows = shards.end(k) - first;
  // Entry by entry: a sliced entry is never copied whole.
  for (size_t i = 0; i < data.entries.size(); ++i) {
    const bool sliced = std::find(shards.sliced_entries.begin(), shards.sliced_entries.end(),
                                  static_cast<int>(i)) != shards.sliced_entries.end();
    part.entries.push_back(sliced || static_cast<int>(i) == shards.size_entry ? std::nullopt
                                                                              : data.entries[i]);
  }
  part.entries[shards.size_entry] = Array(static_cast<double>(rows));
  for (int i : shards.sliced_entries) {
    if (!data.entries[i]) continue;  // an absent optional entry
    const Array& whole = *data.entries[i];
    Shape shape = whole.shape();
    const int64_t row_size = shape[0] > 0 ? whole.size() / shape[0] : 0;
    shape[0] = rows;
    part.entries[i] = Array(shape, Eigen::ArrayXd(whole.values().segment(first * row_size, rows * row_size)));
  }
  return part;
}

void refuse_latent_site_in(const std::string& site, const std::vector<runtime::PlateFrame>& plates,
                           const std::string& plate) {
  if (runtime::in_plate(plates, plate))
    throw Error(fmt::format("latent site {} lies inside plate {}: only plates whose sites are all "
                            "observed can have their rows split across threads or ranks",
                            site, plate));
}

ShardSum sum_in_shard_order(const std::vector<double>& mine, Eigen::Index size, Ranks* ranks) {
  ShardSum sum;
  sum.gradient = Eigen::VectorXd::Zero(size);
  const size_t width = static_cast<size_t>(size) + 1;
  const auto add = [&](const std::vector<double>& rows) {
    for (size_t at = 0; at + width <= rows.size(); at += width) {
      sum.value += rows[at];
      sum.gradient += Eigen::Map<const Eigen::VectorXd>(rows.data() + at + 1, size);
    }
  };
  if (!ranks) add(mine);
  else
    for (const std::vector<double>& rows : ranks->allgather(mine)) add(rows);
  return sum;
}

RankShards shards_of_rank(int shard_count, int rank, int ranks) {
  const int64_t s = shard_count;
  return {static_cast<int>(s * rank / ranks), static_cast<int>(s * (rank + 1) / ranks)};
}

}  // namespace ppl::infer
