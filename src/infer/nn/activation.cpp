#include "infer/nn/activation.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>
#include <utility>
#include <vector>

#include "ad/ops_activation.h"
#include "ad/ops_elementwise.h"
#include "core/closest_name.h"
#include "core/error.h"

namespace ppl::infer::nn {

namespace {

constexpr std::array<std::pair<Activation, const char*>, 6> kNames{{
    {Activation::Elu, "elu"},
    {Activation::Relu, "relu"},
    {Activation::LeakyRelu, "leaky_relu"},
    {Activation::Tanh, "tanh"},
    {Activation::Softplus, "softplus"},
    {Activation::Sigmoid, "sigmoid"},
}};

}  // namespace

Activation parse_activation(std::string_view name) {
  std::vector<std::string> names;
  for (const auto& [activation, known] : kNames) {
    if (name == known) return activation;
    names.push_back(known);
  }
  const auto suggestion = closest_name(std::string(name), names);
  throw Error(fmt::format("--nonlinearity '{}': {}expected one of {}", name,
                          suggestion ? "did you mean '" + *suggestion + "'? " : "",
                          activation_names()));
}

std::string activation_name(Activation activation) {
  for (const auto& [known, name] : kNames)
    if (known == activation) return name;
  return "";
}

std::string activation_names() {
  std::vector<std::string> names;
  for (const auto& entry : kNames) names.push_back(entry.second);
  return fmt::format("{}", fmt::join(names, ", "));
}

ad::Var apply(Activation activation, ad::Var x) {
  switch (activation) {
    case Activation::Elu: return ad::elu(x);
    case Activation::Relu: return ad::relu(x);
    case Activation::LeakyRelu: return ad::leaky_relu(x);
    case Activation::Tanh: return ad::tanh(x);
    case Activation::Softplus: return ad::softplus(x);
    case Activation::Sigmoid: return ad::sigmoid(x);
  }
  return x;
}

}  // namespace ppl::infer::nn
