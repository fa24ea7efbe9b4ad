#pragma once
// The nonlinearities a network of an autoguide may use, by name
// (--nonlinearity): elu, relu, leaky_relu, tanh, softplus, sigmoid.
#include <string>
#include <string_view>

#include "ad/tape.h"

namespace ppl::infer::nn {

enum class Activation { Elu, Relu, LeakyRelu, Tanh, Softplus, Sigmoid };

// ppl::Error for an unknown name, with the known ones and a "did you mean".
Activation parse_activation(std::string_view name);
std::string activation_name(Activation activation);
// "elu, relu, leaky_relu, tanh, softplus, sigmoid".
std::string activation_names();
ad::Var apply(Activation activation, ad::Var x);

}  // namespace ppl::infer::nn
