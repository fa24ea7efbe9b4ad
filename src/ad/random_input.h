#pragma once
// Random draws as inputs of a tape. A program that draws (a guide's
// reparameterized sample, loc + scale * eps) records its noise eps as a
// constant; replaying that tape would keep eps fixed. While a RandomInputs
// records on a tape, the draws made through random_input() become leaves
// instead, each with the key it was drawn from and how to draw it again, so
// that whoever replays the tape can redraw them (infer/elbo/replayed_elbo.h).
// Without a recorder, random_input() is tape.constant(draw(key)).
//
// Example:
//   Tape tape;
//   RandomInputs inputs(tape);
//   Var eps = random_input(tape, key, [](RandomKey k) { return Array(Shape{3}, sample(k, NormalSampler(0, 1), 3)); });
//   inputs.inputs().front().node == eps.index();
#include <functional>
#include <vector>

#include "ad/tape.h"
#include "core/random_key.h"

namespace ppl::ad {

// How an input is drawn from its key.
using RandomDraw = std::function<Array(RandomKey)>;

class RandomInputs {
 public:
  struct Input {
    int32_t node;  // the leaf on the tape
    RandomKey key;
    RandomDraw draw;
  };

  // Records the draws on `tape`, on this thread, until destroyed; recorders
  // do not nest.
  explicit RandomInputs(Tape& tape);
  ~RandomInputs();
  RandomInputs(const RandomInputs&) = delete;
  RandomInputs& operator=(const RandomInputs&) = delete;

  const std::vector<Input>& inputs() const { return inputs_; }
  std::vector<Input> take_inputs() { return std::move(inputs_); }

  static RandomInputs* active();
  Tape& tape() const { return tape_; }
  void add(Input input) { inputs_.push_back(std::move(input)); }

 private:
  Tape& tape_;
  std::vector<Input> inputs_;
};

// draw(key) on `tape`: a leaf recorded by the active RandomInputs of this
// tape, else a constant.
Var random_input(Tape& tape, RandomKey key, RandomDraw draw);

}  // namespace ppl::ad
