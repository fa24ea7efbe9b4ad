#pragma once
// Recording an operation whose value the caller has computed: the node, its
// backward and forward (replay) steps, and the value. Shared by the sources
// of the tape operations.
#include <initializer_list>

#include "ad/tape.h"

namespace ppl::ad::detail {

inline Var record_with_value(std::initializer_list<Var> operands, BackwardFn backward,
                             ForwardFn forward, Array value) {
  Tape& tape = operands.begin()->tape();
  const Var out = tape.record(backward, operands);
  tape.set_forward(forward);
  tape.node(out.index()).value = std::move(value);
  return out;
}

}  // namespace ppl::ad::detail
