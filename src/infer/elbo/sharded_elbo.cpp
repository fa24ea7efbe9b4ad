#include "infer/elbo/sharded_elbo.h"

#include <fmt/format.h>

#include <algorithm>
#include <exception>

#include "core/error.h"

namespace ppl::infer {

ShardedElbo::ShardedElbo(const ir::Program& program, const runtime::ModelData& data,
                         const Guide& guide, ParamStore& store, const ElboSettings& settings,
                         const RowShards& shards, ElboObjective& whole, Ranks& ranks)
    : shards_(shards), whole_(whole), store_(store), ranks_(ranks),
      mine_(shards_of_rank(shards.count(), ranks.rank(), ranks.size())) {
  // Refused on every rank alike, whichever shards it holds.
  if (settings.estimator != "trace" && settings.estimator != "meanfield")
    throw Error(fmt::format("--elbo {} does not split over rows (its loss is not a sum over the "
                            "sites); use trace or meanfield",
                            settings.estimator));
  whole_.run_particles_one_by_one();
  for (int k = mine_.first; k < mine_.last; ++k) {
    if (shards_.minibatch > 0) {
      pieces_.push_back(std::make_unique<ElboObjective>(program, data, guide, store, settings));
      pieces_.back()->keep_minibatch_block({shards_.plate, shards_.begin(k), shards_.end(k)});
    } else {
      shard_data_.push_back(std::make_unique<runtime::ModelData>(shard_data(data, shards_, k)));
      pieces_.push_back(
          std::make_unique<ElboObjective>(program, *shard_data_.back(), guide, store, settings));
    }
    if (k > 0) pieces_.back()->count_only_plate(shards_.plate);
    else pieces_.back()->run_particles_one_by_one();
  }
}

void ShardedElbo::initialize(RandomKey key) {
  // A latent site inside the plate has rows of its own, which the shards
  // would cut: refused from the whole model's run, the same on every rank.
  whole_.tape().clear();
  whole_.params().reset();
  const ElboObjective::Traces traces = whole_.run_particle(key);
  for (const handlers::TraceSite& site : traces.model.sites())
    if (site.is_latent() && !site.steps.empty())
      refuse_latent_site_in(site.name, site.steps.front().plates, shards_.plate);
  for (std::unique_ptr<ElboObjective>& piece : pieces_) {
    try {
      piece->initialize(key);
    } catch (...) {
      abort_failed_rank(ranks_, std::current_exception());
    }
  }
}

ElboObjective::Evaluation ShardedElbo::evaluate(RandomKey key) {
  const Eigen::Index size = store_.values().size();
  std::vector<double> rows;
  rows.reserve(pieces_.size() * (static_cast<size_t>(size) + 1));
  for (size_t i = 0; i < pieces_.size(); ++i) {
    try {
      ElboObjective::Evaluation e = pieces_[i]->evaluate(key);
      rows.push_back(e.loss);
      rows.insert(rows.end(), e.gradient.data(), e.gradient.data() + e.gradient.size());
    } catch (...) {
      const int k = mine_.first + static_cast<int>(i);
      abort_failed_rank(ranks_, std::current_exception(),
                        fmt::format(" on shard {} (rows {} to {} of plate {})", k, shards_.begin(k),
                                    shards_.end(k) - 1, shards_.plate));
    }
  }
  ShardSum shard_sum = sum_in_shard_order(rows, size, &ranks_);
  ElboObjective::Evaluation sum;
  sum.loss = shard_sum.value;
  sum.gradient = std::move(shard_sum.gradient);
  if (checks_.undecided()) {
    const ElboObjective::Evaluation unsplit = whole_.evaluate(key);
    checks_.record(same_value(sum.loss, unsplit.loss) && same_gradient(sum.gradient, unsplit.gradient));
    if (checks_.off())
      throw Error(fmt::format(
          "splitting plate {}'s {} rows into {} shards changes the ELBO ({:.17g} against {:.17g} "
          "unsplit, or its gradient): a term outside the plate, or the guide, must not depend on "
          "the plate's rows; drop --data-parallel",
          shards_.plate, shards_.rows, shards_.count(), -sum.loss, -unsplit.loss));
  }
  return sum;
}

}  // namespace ppl::infer
