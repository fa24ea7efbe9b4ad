#pragma once
// A dense layer on the tape, y = x W + b, whose weights are params of the
// guide: W [in, out] under NAME.weight, b [out] under NAME.bias. A mask
// [in, out] of zeros and ones multiplies W at every use, so the weights it
// zeroes stay out of the output and get no gradient (MADE's autoregressive
// masks). Initial weights are JAX's glorot_normal, biases Normal(0, 0.01),
// as NumPyro's MaskedDense and stax.Dense.
#include <functional>
#include <optional>
#include <string>

#include "ad/tape.h"
#include "core/array.h"
#include "core/random_key.h"

namespace ppl::infer::nn {

// The value of a real param of that name on the draw's tape, registered
// with initial() when it is new.
using ParamFn =
    std::function<ad::Var(const std::string& name, const std::function<Array()>& initial)>;

struct DenseLayer {
  std::string name;
  int64_t inputs = 0, outputs = 0;
  std::optional<Array> mask;  // [inputs, outputs]
  bool bias = true;
};

// x [..., inputs] to [..., outputs]; `init_key` draws the initial weights.
ad::Var dense(const ParamFn& params, const DenseLayer& layer, ad::Var x, RandomKey init_key);

}  // namespace ppl::infer::nn
