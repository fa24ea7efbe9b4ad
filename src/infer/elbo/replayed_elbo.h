#pragma once
// SVI steps without the interpreter: the tape of one step (guide, model and
// ELBO) is recorded with the guide's noise as inputs (ad/random_input.h),
// and each later step sets the params' current values, draws the noise from
// its own key exactly as the interpreter would (core/key_lineage.h), and
// replays the tape forward and backward.
//
// As for HMC's replayed tape (infer/fast_path.h), the replay is used only
// once it has given the interpreter's loss and gradient at three steps, and
// only when the step could be recorded so: a tape with no choice made from
// a varying value, and no draw other than the recorded noise (a score-
// function site, a discrete model site drawn from its prior, a minibatch, a
// flow's base draw keep the interpreter). A replayed step whose loss or
// gradient is not finite, or where an argument leaves its domain, is run
// again by the interpreter, which reports it. A tape of small values runs as
// a compiled program (ad/compiled_tape.h) over the params and the noise.
//
// Example:
//   ElboObjective objective(program, data, guide, store, settings);
//   ReplayedElbo steps(objective, store);
//   for (int s = 0; s < n; ++s) optimizer.step(store.values(), steps.evaluate(key_s).gradient);
#include <vector>

#include "ad/compiled_tape.h"
#include "ad/random_input.h"
#include "core/key_lineage.h"
#include "infer/elbo/elbo.h"

namespace ppl::infer {

class ReplayedElbo {
 public:
  ReplayedElbo(ElboObjective& objective, ParamStore& store) : objective_(objective), store_(store) {}

  // The objective's evaluate, or its replay once verified; the particles'
  // terms are left empty on replayed steps.
  ElboObjective::Evaluation evaluate(RandomKey key);
  // Whether steps are now replayed.
  bool active() const { return state_ == State::Active; }
  // Whether they run as a compiled program.
  bool compiled() const { return active() && compiled_.has_value(); }

 private:
  enum class State { First, Record, Verify, Active, Off };
  // The objective's evaluate, keeping its tape when the step can be replayed.
  ElboObjective::Evaluation record(RandomKey key);
  // The replayed step, or nothing where the interpreter must run it.
  std::optional<ElboObjective::Evaluation> replayed(RandomKey key);

  struct ParamLeaf {
    int32_t node;
    Eigen::Index offset, size;  // in the store
    Eigen::Index leaf_offset = 0;  // in leaf_values_
  };
  struct Noise {
    int32_t node;
    // From the step's key; none for noise drawn from another key, the same
    // at every step.
    std::optional<KeyLineage::Path> path;
    ad::RandomDraw draw;
    Eigen::Index leaf_offset = 0, size = 0;  // in leaf_values_
  };
  // The step's leaves as one vector: the params', then the noise's, in the
  // order of params_ and noise_.
  void lay_out_leaves();
  // The compiled program over those leaves, when the tape compiles.
  void compile();
  // The params' current values and the noise drawn from `key` into
  // leaf_values_; false when a draw is not of its recorded size.
  bool set_leaf_values(RandomKey key);
  // The tape replayed at leaf_values_: the loss, and the params' gradient
  // into leaf_gradient_; false where the interpreter must run the step.
  bool replay_tape(double& loss_value);

  ElboObjective& objective_;
  ParamStore& store_;
  State state_ = State::First;
  FastPathDecision checks_{3};
  ad::Tape tape_;
  std::vector<ParamLeaf> params_;
  std::vector<Noise> noise_;
  int32_t loss_ = -1;
  Eigen::Index store_size_ = 0;
  std::optional<ad::CompiledTape> compiled_;
  Eigen::VectorXd leaf_values_, leaf_gradient_;  // the leaves' values and gradient
};

}  // namespace ppl::infer
