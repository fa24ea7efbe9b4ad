#pragma once
// Whether a value on the tape was computed from others: the recorded
// operations, read backward from the value (every operation's operands are
// recorded before it).
#include <span>

#include "ad/tape.h"

namespace ppl::ad {

// True when `output` was computed from any of `inputs` (or is one of them).
bool depends_on(const Var& output, std::span<const Var> inputs);
// True when `v` is a constant put on the tape (Tape::constant), computed
// from nothing else.
bool is_recorded_constant(const Var& v);

}  // namespace ppl::ad
