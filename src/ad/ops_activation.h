#pragma once
// Activations of neural networks written with the elementwise ops, so that
// every branch keeps a finite gradient and a replayed tape recomputes them.
#include "ad/tape.h"

namespace ppl::ad {

// a where a > 0, alpha (exp(a) - 1) elsewhere (Clevert et al. 2016).
Var elu(Var a, double alpha = 1.0);
// a where a > 0, slope a elsewhere.
Var leaky_relu(Var a, double slope = 0.01);

}  // namespace ppl::ad
