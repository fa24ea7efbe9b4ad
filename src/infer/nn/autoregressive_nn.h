#pragma once
// A masked autoencoder for distribution estimation (MADE; Germain et al.
// 2015), NumPyro's AutoregressiveNN: dense layers whose masks make output
// j of each parameter depend only on the inputs before j in an
// autoregressive order. Each unit has a degree: input i its place in the
// order (1..D), hidden units cycle through 1..D-1; a hidden unit sees the
// units of the layer below whose degree is not above its own, and an
// output of degree d sees those below d.
#include <vector>

#include "infer/nn/activation.h"
#include "infer/nn/dense.h"

namespace ppl::infer::nn {

struct AutoregressiveNN {
  std::string name;             // params NAME.layer0.weight, ..., NAME.skip.weight
  int64_t inputs = 0;           // D
  std::vector<int64_t> hidden;  // units per hidden layer
  int64_t params_per_input = 2; // outputs are [params_per_input, D]
  std::vector<int64_t> order;   // order[i]: input i's place, 0..D-1 (identity when empty)
  bool skip_connections = false;  // a masked linear map from the inputs to the outputs
  Activation nonlinearity = Activation::Elu;
};

// The masks [in, out] of the layers, input to output, and of the skip map.
struct MadeMasks {
  std::vector<Array> layers;
  Array skip;
};
MadeMasks made_masks(const AutoregressiveNN& net);

// x [D] to [params_per_input, D].
ad::Var apply(const ParamFn& params, const AutoregressiveNN& net, ad::Var x, RandomKey init_key);

}  // namespace ppl::infer::nn
