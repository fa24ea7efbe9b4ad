#include "infer/nn/autoregressive_nn.h"

#include <fmt/format.h>

#include <algorithm>

#include "ad/ops.h"

namespace ppl::infer::nn {

namespace {

// 1 where `to` may see `from`, as a mask [from, to].
template <typename Allowed>
Array connection_mask(const std::vector<int64_t>& from, const std::vector<int64_t>& to,
                      Allowed allowed) {
  Array mask = Array::zeros(Shape{static_cast<int64_t>(from.size()), static_cast<int64_t>(to.size())});
  for (size_t i = 0; i < from.size(); ++i)
    for (size_t j = 0; j < to.size(); ++j)
      if (allowed(from[i], to[j])) mask.mutable_values()[i * to.size() + j] = 1;
  return mask;
}

}  // namespace

MadeMasks made_masks(const AutoregressiveNN& net) {
  const int64_t d = net.inputs;
  std::vector<int64_t> input_degree(d);
  for (int64_t i = 0; i < d; ++i) input_degree[i] = 1 + (net.order.empty() ? i : net.order[i]);
  std::vector<int64_t> output_degree;
  for (int64_t p = 0; p < net.params_per_input; ++p)
    output_degree.insert(output_degree.end(), input_degree.begin(), input_degree.end());
  const auto sees_not_above = [](int64_t below, int64_t unit) { return below <= unit; };
  const auto sees_below = [](int64_t below, int64_t unit) { return below < unit; };
  MadeMasks masks;
  std::vector<int64_t> previous = input_degree;
  for (int64_t units : net.hidden) {
    std::vector<int64_t> degree(units);
    for (int64_t k = 0; k < units; ++k) degree[k] = 1 + k % std::max<int64_t>(1, d - 1);
    masks.layers.push_back(connection_mask(previous, degree, sees_not_above));
    previous = degree;
  }
  masks.layers.push_back(connection_mask(previous, output_degree, sees_below));
  masks.skip = connection_mask(input_degree, output_degree, sees_below);
  return masks;
}

ad::Var apply(const ParamFn& params, const AutoregressiveNN& net, ad::Var x, RandomKey init_key) {
  const MadeMasks masks = made_masks(net);
  ad::Var h = x;
  int64_t width = net.inputs;
  for (size_t k = 0; k < masks.layers.size(); ++k) {
    const bool last = k + 1 == masks.layers.size();
    const int64_t outputs = last ? net.params_per_input * net.inputs : net.hidden[k];
    const DenseLayer layer{fmt::format("{}.layer{}", net.name, k), width, outputs,
                           masks.layers[k], true};
    h = dense(params, layer, h, fold_in(init_key, static_cast<uint64_t>(k)));
    if (!last) h = nn::apply(net.nonlinearity, h);
    width = outputs;
  }
  if (net.skip_connections)
    h = h + dense(params,
                  {net.name + ".skip", net.inputs, net.params_per_input * net.inputs, masks.skip,
                   false},
                  x, fold_in(init_key, "skip"));
  return ad::reshape(h, Shape{net.params_per_input, net.inputs});
}

}  // namespace ppl::infer::nn
