#include "infer/nn/block_autoregressive_nn.h"

#include <fmt/format.h>

#include <cmath>
#include <numbers>

#include "ad/ops.h"
#include "infer/nn/initializers.h"

namespace ppl::infer::nn {

namespace {

// LeakyTanh's slope c (NumPyro's min_grad).
constexpr double kLeakySlope = 0.01;

struct BlockLayer {
  ad::Var out;       // [D * a_out]
  ad::Var log_diag;  // [D, a_in, a_out]: log of the diagonal blocks' entries
};

BlockLayer block_dense(const ParamFn& params, const std::string& name, ad::Var x, int64_t d,
                       int64_t a_in, int64_t a_out, RandomKey key) {
  const int64_t rows = d * a_in, cols = d * a_out;
  Array on_diagonal = Array::zeros(Shape{rows, cols});
  Array above_diagonal = Array::zeros(Shape{rows, cols});
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) {
      const int64_t from = r / a_in, to = c / a_out;
      (from == to ? on_diagonal : above_diagonal).mutable_values()[r * cols + c] =
          from <= to ? 1.0 : 0.0;
    }
  const ad::Var weight = params(name + ".weight", [&] {
    // Column block j is glorot_uniform over the (j + 1) a_in rows it sees.
    Array w = Array::zeros(Shape{rows, cols});
    for (int64_t j = 0; j < d; ++j) {
      const Array block = glorot_uniform(fold_in(key, static_cast<uint64_t>(j)), (j + 1) * a_in, a_out);
      for (int64_t r = 0; r < (j + 1) * a_in; ++r)
        for (int64_t c = 0; c < a_out; ++c)
          w.mutable_values()[r * cols + j * a_out + c] = block.values()[r * a_out + c];
    }
    return w;
  });
  const ad::Var log_scale = params(name + ".scale", [&] {
    Array u = uniform_entries(fold_in(key, "scale"), Shape{cols}, 0, 1);
    u.mutable_values() = u.values().log();
    return u;
  });
  const ad::Var bias = params(name + ".bias", [&] {
    return uniform_entries(fold_in(key, "bias"), Shape{cols}, -1 / std::sqrt(double(cols)),
                           1 / std::sqrt(double(cols)));
  });
  ad::Tape& tape = x.tape();
  const ad::Var w = ad::exp(weight) * tape.constant(on_diagonal) + weight * tape.constant(above_diagonal);
  const ad::Var norm = ad::sqrt(ad::sum(ad::square(w), 0, /*keepdims=*/true));  // [1, cols]
  const ad::Var normalized = ad::exp(log_scale) * w / norm;
  BlockLayer layer;
  layer.out = ad::matmul(x, normalized) + bias;
  // log of the diagonal entries: scale + weight - log norm, gathered block by block.
  const ad::Var log_entries = ad::reshape(log_scale + weight - ad::log(norm), Shape{rows * cols});
  std::vector<int64_t> diagonal;
  for (int64_t j = 0; j < d; ++j)
    for (int64_t r = 0; r < a_in; ++r)
      for (int64_t c = 0; c < a_out; ++c) diagonal.push_back((j * a_in + r) * cols + j * a_out + c);
  layer.log_diag = ad::reshape(ad::take(log_entries, std::span<const int64_t>(diagonal)),
                               Shape{d, a_in, a_out});
  return layer;
}

// log(exp(a) @ exp(b)) over the last two dims: a [D, 1, k], b [D, k, m].
ad::Var log_matmul_exp(ad::Var a, ad::Var b) {
  const Shape& sa = a.shape();
  const ad::Var columns = ad::reshape(a, Shape{sa[0], sa[2], 1});  // [D, k, 1]
  return ad::reshape(ad::logsumexp(columns + b, 1), Shape{sa[0], 1, b.shape()[2]});
}

}  // namespace

FlowStep apply(const ParamFn& params, const BlockAutoregressiveNN& net, ad::Var x,
               RandomKey init_key) {
  const int64_t d = net.inputs;
  ad::Var h = x;
  ad::Var log_jacobian;  // [D, 1, a]
  int64_t a_in = 1;
  std::vector<int64_t> factors = net.hidden_factors;
  factors.push_back(1);
  for (size_t k = 0; k < factors.size(); ++k) {
    const BlockLayer layer = block_dense(params, fmt::format("{}.layer{}", net.name, k), h, d, a_in,
                                         factors[k], fold_in(init_key, static_cast<uint64_t>(k)));
    log_jacobian = k == 0 ? layer.log_diag : log_matmul_exp(log_jacobian, layer.log_diag);
    h = layer.out;
    if (k + 1 < factors.size()) {
      // NumPyro's LeakyTanh, tanh(u) + c u: its image is all of R, where
      // tanh's, and so the flow's, would be bounded. Its derivative
      // 1 - tanh(u)^2 + c, in log space: logaddexp(-2 (u + softplus(-2u) -
      // log 2), log c).
      const ad::Var log_tanh_derivative =
          -2.0 * (h + ad::softplus(-2.0 * h) - std::numbers::ln2);
      const ad::Var log_derivative = ad::logaddexp(
          log_tanh_derivative, h.tape().constant(Array::full(h.shape(), std::log(kLeakySlope))));
      log_jacobian = log_jacobian + ad::reshape(log_derivative, Shape{d, 1, factors[k]});
      h = ad::tanh(h) + kLeakySlope * h;
    }
    a_in = factors[k];
  }
  ad::Var log_derivative = ad::reshape(log_jacobian, Shape{d});
  if (net.gated_residual) {
    const ad::Var gate = params(net.name + ".gate", [&] {
      return normal_entries(fold_in(init_key, "gate"), Shape{}, 1.0);
    });
    const ad::Var g = ad::sigmoid(gate);
    h = g * h + (1.0 - g) * x;
    // log(g e^l + 1 - g) = softplus(l + gate) - softplus(gate).
    log_derivative = ad::softplus(log_derivative + gate) - ad::softplus(gate);
  }
  return {h, ad::sum(log_derivative)};
}

}  // namespace ppl::infer::nn
