#include "infer/sharded_potential.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>

#include "core/error.h"

namespace ppl::infer {

void refuse_latent_sites_in(const LatentLayout& layout, const std::string& plate) {
  for (const LatentSite& site : layout.sites()) refuse_latent_site_in(site.name, site.plates, plate);
}

namespace {

// The latent sites of a shard must be the whole model's, at the same places.
void check_same_latent_sites(const LatentLayout& piece, const LatentLayout& whole,
                             const std::string& plate) {
  refuse_latent_sites_in(whole, plate);
  bool same = piece.dimension() == whole.dimension() && piece.sites().size() == whole.sites().size();
  for (size_t i = 0; same && i < whole.sites().size(); ++i)
    same = piece.sites()[i].name == whole.sites()[i].name &&
           piece.sites()[i].offset == whole.sites()[i].offset &&
           piece.sites()[i].size == whole.sites()[i].size;
  if (!same)
    throw Error(fmt::format("the model's latent sites change when plate {}'s rows are split: "
                            "their number or shapes depend on the rows",
                            plate));
}

}  // namespace

ShardedPotential::ShardedPotential(const ir::Program& program,
                                   const std::vector<runtime::ModelData>& shard_data,
                                   RandomKey key, const RowShards& shards, ModelPotential& whole,
                                   int threads, Ranks* ranks)
    : shards_(shards), whole_(whole), ranks_(ranks) {
  mine_ = ranks ? shards_of_rank(shards_.count(), ranks->rank(), ranks->size())
                   : RankShards{0, shards_.count()};
  for (int k = mine_.first; k < mine_.last; ++k) {
    pieces_.push_back(std::make_unique<ModelPotential>(program, shard_data[k], key,
                                                       k == 0 ? "" : shards_.plate));
    check_same_latent_sites(pieces_.back()->layout(), whole_.layout(), shards_.plate);
  }
  pool_ = std::make_unique<WorkPool>(std::clamp(threads, 1, std::max(1, mine_.last - mine_.first)));
}

double ShardedPotential::summed(const Eigen::VectorXd& q, Eigen::VectorXd& gradient) {
  const size_t width = 1 + static_cast<size_t>(q.size());
  rows_.assign(pieces_.size() * width, 0.0);
  std::vector<std::exception_ptr> errors(pieces_.size());
  pool_->run(static_cast<int>(pieces_.size()), [&](int i) {
    double* row = &rows_[static_cast<size_t>(i) * width];
    try {
      Eigen::VectorXd g;
      row[0] = (*pieces_[i])(q, g);
      Eigen::Map<Eigen::VectorXd>(row + 1, q.size()) = g;
    } catch (...) {
      errors[i] = std::current_exception();
    }
  });
  for (size_t i = 0; i < errors.size(); ++i) {
    if (!errors[i]) continue;
    if (!ranks_) std::rethrow_exception(errors[i]);
    const int k = mine_.first + static_cast<int>(i);
    abort_failed_rank(*ranks_, errors[i],
                      fmt::format(" on shard {} (rows {} to {} of plate {})", k, shards_.begin(k),
                                  shards_.end(k) - 1, shards_.plate));
  }
  ShardSum sum = sum_in_shard_order(rows_, q.size(), ranks_);
  if (!std::isfinite(sum.value)) {
    gradient.setZero(q.size());
    return std::numeric_limits<double>::infinity();
  }
  gradient = std::move(sum.gradient);
  return sum.value;
}

double ShardedPotential::operator()(const Eigen::VectorXd& q, Eigen::VectorXd& gradient) {
  const double potential = summed(q, gradient);
  if (!checks_.undecided()) return potential;
  Eigen::VectorXd whole_gradient;
  const double whole = whole_(q, whole_gradient);
  if (!std::isfinite(whole) || !whole_gradient.allFinite()) return potential;
  checks_.record(same_value(potential, whole) && same_gradient(gradient, whole_gradient));
  if (checks_.off())
    throw Error(fmt::format(
        "splitting plate {}'s {} rows into {} shards changes the model's log density ({:.17g} "
        "against {:.17g} unsplit, or its gradient): a term outside the plate must not depend on "
        "the plate's rows (e.g. a data entry of size {} used outside it); fit it without "
        "splitting the rows (no --threads-per-chain or --data-parallel)",
        shards_.plate, shards_.rows, shards_.count(), -potential, -whole, shards_.rows));
  return potential;
}

}  // namespace ppl::infer
