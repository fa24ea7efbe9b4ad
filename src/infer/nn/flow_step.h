#pragma once
// One bijective step of a normalizing flow on the tape: its output and the
// log |det| of its Jacobian.
#include "ad/tape.h"

namespace ppl::infer::nn {

struct FlowStep {
  ad::Var value;        // [D]
  ad::Var log_abs_det;  // rank 0: log |det d value / d x|
};

}  // namespace ppl::infer::nn
