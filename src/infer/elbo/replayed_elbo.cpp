#include "infer/elbo/replayed_elbo.h"

#include <cmath>
#include <utility>

namespace ppl::infer {

ElboObjective::Evaluation ReplayedElbo::evaluate(RandomKey key) {
  switch (state_) {
    case State::First: {
      // The first step settles how particles run (elbo.h); the next is recorded.
      ElboObjective::Evaluation e = objective_.evaluate(key);
      state_ = State::Record;
      return e;
    }
    case State::Record:
      return record(key);
    case State::Verify: {
      ElboObjective::Evaluation e = objective_.evaluate(key);
      std::optional<ElboObjective::Evaluation> replay = replayed(key);
      checks_.record(replay && same_value(replay->loss, e.loss) &&
                     same_gradient(replay->gradient, e.gradient));
      if (checks_.on()) state_ = State::Active;
      if (checks_.off()) state_ = State::Off;
      return e;
    }
    case State::Active:
      if (std::optional<ElboObjective::Evaluation> replay = replayed(key)) return *std::move(replay);
      return objective_.evaluate(key);
    case State::Off:
      break;
  }
  return objective_.evaluate(key);
}

ElboObjective::Evaluation ReplayedElbo::record(RandomKey key) {
  ad::Tape& tape = objective_.tape();
  ElboObjective::Evaluation e;
  bool replayable = false;
  {
    KeyLineage lineage(key);
    ad::RandomInputs inputs(tape);
    e = objective_.evaluate(key);
    replayable = std::isfinite(e.loss) && tape.replayable() && lineage.unexcused_draws().empty();
    if (replayable) {
      params_.clear();
      for (const auto& [name, leaves] : objective_.params().leaves()) {
        const ParamEntry* entry = store_.find(name);
        params_.push_back({leaves.first.index(), entry->offset, entry->size});
      }
      noise_.clear();
      for (ad::RandomInputs::Input& input : inputs.take_inputs())
        noise_.push_back({input.node, lineage.path_to(input.key), std::move(input.draw)});
      loss_ = objective_.last_loss().index();
      store_size_ = store_.values().size();
    }
  }
  if (replayable) {
    // The recorded tape is kept here; the objective goes on with a fresh one.
    std::swap(tape_, tape);
    state_ = State::Verify;
    lay_out_leaves();
    compile();
  } else {
    state_ = State::Off;
  }
  return e;
}

void ReplayedElbo::lay_out_leaves() {
  Eigen::Index offset = 0;
  for (ParamLeaf& p : params_) {
    p.leaf_offset = offset;
    offset += p.size;
  }
  for (Noise& n : noise_) {
    n.leaf_offset = offset;
    n.size = tape_.value(n.node).size();
    offset += n.size;
  }
  // The params are set at every step; noise drawn from another key keeps
  // its recorded values.
  leaf_values_ = Eigen::VectorXd::Zero(offset);
  leaf_gradient_ = Eigen::VectorXd::Zero(offset);
  for (const Noise& n : noise_)
    leaf_values_.segment(n.leaf_offset, n.size) = tape_.value(n.node).values().matrix();
}

void ReplayedElbo::compile() {
  std::vector<ad::Var> leaves;
  for (const ParamLeaf& p : params_) leaves.emplace_back(&tape_, p.node);
  for (const Noise& n : noise_) leaves.emplace_back(&tape_, n.node);
  compiled_ = ad::CompiledTape::compile(tape_, leaves, ad::Var(&tape_, loss_));
}

bool ReplayedElbo::set_leaf_values(RandomKey key) {
  for (const ParamLeaf& p : params_)
    leaf_values_.segment(p.leaf_offset, p.size) = store_.values().segment(p.offset, p.size);
  for (const Noise& n : noise_) {
    if (!n.path) continue;
    const Array drawn = n.draw(KeyLineage::derive(key, *n.path));
    if (drawn.size() != n.size) return false;
    leaf_values_.segment(n.leaf_offset, n.size) = drawn.values().matrix();
  }
  return true;
}

bool ReplayedElbo::replay_tape(double& loss_value) {
  for (const ParamLeaf& p : params_)
    tape_.leaf_values(ad::Var(&tape_, p.node)) = leaf_values_.segment(p.leaf_offset, p.size).array();
  for (const Noise& n : noise_)
    tape_.leaf_values(ad::Var(&tape_, n.node)) = leaf_values_.segment(n.leaf_offset, n.size).array();
  const ad::Var loss(&tape_, loss_);
  try {
    tape_.replay(loss);
  } catch (const Error&) {
    return false;  // e.g. a Cholesky factor of a matrix that is not PD
  }
  loss_value = loss.item();
  if (tape_.check_failed() || !std::isfinite(loss_value)) return false;
  tape_.backward(loss);
  for (const ParamLeaf& p : params_) {
    const Array& adjoint = tape_.adjoint(ad::Var(&tape_, p.node));
    leaf_gradient_.segment(p.leaf_offset, p.size) =
        Eigen::Map<const Eigen::VectorXd>(adjoint.data(), p.size);
  }
  return true;
}

std::optional<ElboObjective::Evaluation> ReplayedElbo::replayed(RandomKey key) {
  if (store_.values().size() != store_size_) return std::nullopt;  // a param was added since
  if (!set_leaf_values(key)) return std::nullopt;
  ElboObjective::Evaluation e;
  const bool ran = compiled_ ? compiled_->run(leaf_values_, e.loss, leaf_gradient_)
                             : replay_tape(e.loss);
  if (!ran || !std::isfinite(e.loss)) return std::nullopt;
  e.gradient = Eigen::VectorXd::Zero(store_size_);
  for (const ParamLeaf& p : params_)
    e.gradient.segment(p.offset, p.size) = leaf_gradient_.segment(p.leaf_offset, p.size);
  if (!e.gradient.allFinite()) return std::nullopt;
  return e;
}

}  // namespace ppl::infer
