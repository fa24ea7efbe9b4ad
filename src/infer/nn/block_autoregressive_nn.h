#pragma once
// A block neural autoregressive flow (BNAF; De Cao, Titov and Aziz 2019),
// as NumPyro's BlockNeuralAutoregressiveNN: layers of D x D blocks, block
// (i, j) of size [a_in, a_out], zero below the block diagonal (output
// block j sees input blocks i <= j) and positive on it (exp of the weight),
// each column weight-normalized and rescaled by exp(NAME.scale); NumPyro's
// LeakyTanh, tanh(u) + 0.01 u, between layers (unbounded, so the flow maps
// onto all of R^D), the last layer one unit per input. Output j is then an
// increasing function of input j given inputs before j, and its log
// derivative is carried through the layers as [D, 1, a] log-Jacobians of
// the diagonal blocks, multiplied in log space.
#include <vector>

#include "infer/nn/dense.h"
#include "infer/nn/flow_step.h"

namespace ppl::infer::nn {

struct BlockAutoregressiveNN {
  std::string name;                    // params NAME.layerK.weight, .scale, .bias; NAME.gate
  int64_t inputs = 0;                  // D
  std::vector<int64_t> hidden_factors{8, 8};  // units per input in each hidden layer
  // out = g f(x) + (1 - g) x with g = sigmoid(NAME.gate) (NumPyro's gated
  // residual), for flows that are not the last.
  bool gated_residual = false;
};

// x [D] through the network; initial weights as NumPyro's: glorot_uniform
// per column block, log scale log(Uniform(0, 1)), bias Uniform(-1, 1) /
// sqrt(out), gate Normal(0, 1).
FlowStep apply(const ParamFn& params, const BlockAutoregressiveNN& net, ad::Var x,
               RandomKey init_key);

}  // namespace ppl::infer::nn
