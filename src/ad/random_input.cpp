#include "ad/random_input.h"

#include "core/key_lineage.h"

namespace ppl::ad {
namespace {

thread_local RandomInputs* active_inputs = nullptr;

}  // namespace

RandomInputs::RandomInputs(Tape& tape) : tape_(tape) {
  if (active_inputs) throw Error("internal: random input recorders do not nest");
  active_inputs = this;
}

RandomInputs::~RandomInputs() { active_inputs = nullptr; }

RandomInputs* RandomInputs::active() { return active_inputs; }

Var random_input(Tape& tape, RandomKey key, RandomDraw draw) {
  RandomInputs* inputs = RandomInputs::active();
  if (!inputs || &inputs->tape() != &tape) return tape.constant(draw(key));
  Array value;
  {
    // The draw is recorded here, with its key: not a stray draw.
    KeyLineage::Excuse excuse;
    value = draw(key);
  }
  Var leaf = tape.leaf(value);
  inputs->add({leaf.index(), key, std::move(draw)});
  return leaf;
}

}  // namespace ppl::ad
