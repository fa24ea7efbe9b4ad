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
// again by the interpreter, which reports it.
//
// Example:
//   ElboObjective objective(program, data, guide, store, settings);
//   ReplayedElbo steps(objective, store);
//   for (int s = 0; s < n; ++s) optimizer.step(store.values(), steps.evaluate(key_s).gradient);
#include <vector>

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

 private:
  enum class State { First, Record, Verify, Active, Off };
  // The objective's evaluate, keeping its tape when the step can be replayed.
  ElboObjective::Evaluation record(RandomKey key);
  // The replayed step, or nothing where the interpreter must run it.
  std::optional<ElboObjective::Evaluation> replayed(RandomKey key);

  struct ParamLeaf {
    int32_t node;
    Eigen::Index offset, size;
  };
  struct Noise {
    int32_t node;
    KeyLineage::Path path;  // from the step's key
    ad::RandomDraw draw;
  };

  ElboObjective& objective_;
  ParamStore& store_;
  State state_ = State::First;
  FastPathDecision checks_{3};
  ad::Tape tape_;
  std::vector<ParamLeaf> params_;
  std::vector<Noise> noise_;
  int32_t loss_ = -1;
  Eigen::Index store_size_ = 0;
};

}  // namespace ppl::infer
