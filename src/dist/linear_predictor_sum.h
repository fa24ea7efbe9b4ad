#pragma once
// The summed density of a kernel one of whose parameters is a linear
// predictor, X @ w + bias with X an [N, D] data matrix (ad/affine.h): the
// likelihood of a regression, Bernoulli(logits = a + X @ b) or
// Normal(X @ b, sigma). One tape node over the other operands, X, w and the
// bias evaluates it over blocks of rows, each block's predictor made and
// used while the block of X is in cache. Where the node needs a gradient,
// the same pass takes the partials too (the block's predictor partials
// times its rows of X, summed into w's), and keeps them, D + K numbers (N
// for a bias per row that needs one), in a scratch node of its own; the
// backward step scales them by the adjoint. So a gradient is one pass over
// X, and neither the predictor's N values nor their adjoint is written.
// Nothing in the program marks it: fused_log_density_sum takes this form
// when the operands allow it, for the kernels that opt in
// (`linear_predictor`: Normal, Bernoulli by logits, Poisson by log rate).
// The distribution's argument check on the predictor would read all N of
// its values at every replay; the node takes that check over, testing each
// block's predictor, so that the predictor's own node is never computed.
#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "ad/affine.h"
#include "core/array_linalg.h"
#include "dist/distribution.h"
#include "dist/fused_elementwise.h"

namespace ppl::dist::detail {

// Rows per block: a block of X (256 x 20 doubles is 40 KB) and its
// predictor and partials stay in the first two cache levels.
inline constexpr int64_t kPredictorBlockRows = 256;

// The node's operands, in its parameters: the kernel's operands with the
// predictor's replaced by X, then w, the bias, the scratch node, the
// predictor's position, and whether the node makes the predictor's check.
template <class Kernel>
struct PredictorOperands {
  static constexpr size_t K = kernel_arity<Kernel>;
  std::array<int32_t, K> kernel;  // kernel[predictor] is X
  int32_t weights, bias, scratch;
  size_t predictor;
  bool checks;

  PredictorOperands(const ad::Tape& tape, const ad::Node& node) {
    const auto parameters = tape.parameters(node);
    for (size_t i = 0; i < K; ++i) kernel[i] = static_cast<int32_t>(parameters[i]);
    weights = static_cast<int32_t>(parameters[K]);
    bias = static_cast<int32_t>(parameters[K + 1]);
    scratch = static_cast<int32_t>(parameters[K + 2]);
    predictor = static_cast<size_t>(parameters[K + 3]);
    checks = parameters[K + 4] != 0;
  }
};

// exp(eta) > 0 in double precision: false below about -745.13, where the
// exp underflows to 0, and for NaN. Only arguments far below 0 take an exp.
struct ExpPositive {
  bool operator()(double eta) const { return eta > -700.0 || std::exp(eta) > 0.0; }
};

// For each check a distribution records on a linear predictor: the test
// the recorded check makes (on eta, or on exp(eta) for PositiveExp), and
// the same test written on eta, which the node makes block by block.
template <PredictorCheck>
struct PredictorCheckTests;
template <>
struct PredictorCheckTests<PredictorCheck::NotNan> {
  using Recorded = domain::holds::NotNan;
  using OnPredictor = domain::holds::NotNan;
};
template <>
struct PredictorCheckTests<PredictorCheck::Finite> {
  using Recorded = domain::holds::Finite;
  using OnPredictor = domain::holds::Finite;
};
template <>
struct PredictorCheckTests<PredictorCheck::PositiveExp> {
  using Recorded = domain::holds::Positive;
  using OnPredictor = ExpPositive;
};
template <class Kernel>
using PredictorTests = PredictorCheckTests<Kernel::linear_predictor>;

// Whether every value of a block of the predictor passes Kernel's check.
template <class Kernel>
bool predictor_passes(const Eigen::Ref<const Eigen::VectorXd>& eta) {
  return std::all_of(eta.data(), eta.data() + eta.size(),
                     typename PredictorTests<Kernel>::OnPredictor{});
}

// The forward step of the check that Kernel's distribution records on its
// predictor, which reads the predictor, or for PositiveExp its exp.
template <class Kernel>
constexpr ad::ForwardFn predictor_check_step() {
  return &replayed_check<ArgumentDomain<typename PredictorTests<Kernel>::Recorded>>;
}
template <class Kernel>
bool reads_predictor(const ad::Tape& tape, int32_t read, int32_t predictor) {
  if constexpr (Kernel::linear_predictor == PredictorCheck::PositiveExp) {
    const ad::Node& node = tape.node(read);
    return node.scalar_op == ad::ScalarOp::Exp && node.operands[0] == predictor;
  } else {
    return read == predictor;
  }
}

// Drops the last check recorded on `predictor` of the kind Kernel's
// distribution records (its own, recorded when it was built), whose test
// the new node then makes block by block; false when there is none. One
// check only: another distribution's check on the same predictor stays
// for that distribution's node to take.
template <class Kernel>
bool take_over_predictor_check(ad::Tape& tape, int32_t predictor) {
  for (int32_t i = tape.size() - 1; i > predictor; --i) {
    const ad::Node& node = tape.node(i);
    if (ad::Tape::is_check(node) && node.forward == predictor_check_step<Kernel>() &&
        node.operands[1] < 0 && node.parameters_count == 0 &&
        reads_predictor<Kernel>(tape, node.operands[0], predictor)) {
      tape.drop_check(i);
      return true;
    }
  }
  return false;
}

// The scratch node's layout: d/dw, then the sums of the K operands'
// partials (those of one element), then the bias's partials (one, or one
// per row for a bias per row), all for an adjoint of 1.
inline int64_t scratch_size(int64_t cols, size_t operands, int64_t bias_size) {
  return cols + static_cast<int64_t>(operands) + bias_size;
}

// Calls f(first_row, rows, block_of_X, x...) for each block of rows, x the
// kernel's operands over the block (the predictor's made in cache, a
// constant expression for an operand of one element); reports a failed
// check where the node makes the predictor's check and a block fails it.
template <class Kernel, class F>
void for_each_row_block(ad::Tape& tape, const PredictorOperands<Kernel>& at, F&& f) {
  constexpr size_t K = kernel_arity<Kernel>;
  const Array& matrix = tape.value(at.kernel[at.predictor]);
  const Array& bias = tape.value(at.bias);
  const int64_t rows = matrix.shape()[0];
  const int64_t cols = matrix.shape()[1];
  const Eigen::Map<const Eigen::VectorXd> weights(tape.value(at.weights).data(), cols);
  std::array<const double*, K> data{};
  std::array<int32_t, K> strides{};
  for (size_t i = 0; i < K; ++i) {
    if (i == at.predictor) continue;
    const Array& value = tape.value(at.kernel[i]);
    data[i] = value.data();
    strides[i] = value.size() == 1 ? 0 : 1;
  }
  strides[at.predictor] = 1;
  Eigen::VectorXd predictor(std::min(rows, kPredictorBlockRows));
  for (int64_t first = 0; first < rows; first += kPredictorBlockRows) {
    const int64_t n = std::min(kPredictorBlockRows, rows - first);
    const ConstMatrixView block(matrix.data() + first * cols, n, cols);
    auto eta = predictor.head(n);
    eta.noalias() = block * weights;
    if (bias.size() == 1)
      eta.array() += bias.values()[0];
    else
      eta += bias.values().segment(first, n).matrix();
    if (at.checks && !predictor_passes<Kernel>(eta)) tape.report_failed_check();
    std::array<const double*, K> run{};
    for (size_t i = 0; i < K; ++i)
      run[i] = i == at.predictor ? predictor.data() : data[i] + strides[i] * first;
    with_runs<K>(run.data(), strides.data(), static_cast<int32_t>(n),
                 [&](const auto&... x) { f(first, n, block, x...); });
  }
}

// The total, and with `with_partials` the partials into the scratch node.
template <class Kernel, size_t... I>
double evaluate_linear_predictor(ad::Tape& tape, const PredictorOperands<Kernel>& at,
                                 bool with_partials, std::index_sequence<I...>) {
  constexpr size_t K = kernel_arity<Kernel>;
  double total = 0;
  if (!with_partials) {
    for_each_row_block<Kernel>(tape, at, [&](int64_t, int64_t, const auto&, const auto&... x) {
      total += Kernel::log_density(x...).sum();
    });
    return total;
  }
  const Eigen::Index cols = tape.shape_of(at.kernel[at.predictor])[1];
  const bool weights_need = tape.needs_gradient(at.weights);
  const bool bias_needs = tape.needs_gradient(at.bias);
  std::array<bool, K> sum_needs{};  // the operands of one element (checked when recorded)
  for (size_t i = 0; i < K; ++i)
    sum_needs[i] = i != at.predictor && tape.needs_gradient(at.kernel[i]);
  Eigen::ArrayXd& scratch = tape.node(at.scratch).value.mutable_values();
  scratch.setZero();
  Eigen::Map<Eigen::VectorXd> weights_partial(scratch.data(), cols);
  double* sums = scratch.data() + cols;
  Eigen::Map<Eigen::ArrayXd> bias_partial(scratch.data() + cols + K, scratch.size() - cols - K);
  Eigen::VectorXd partial;
  for_each_row_block<Kernel>(tape, at, [&](int64_t first, int64_t n, const auto& block,
                                          const auto&... x) {
    total += Kernel::log_density(x...).sum();
    ((sum_needs[I] ? void(sums[I] += Kernel::template partial<I>(x...).sum()) : void()), ...);
    ((I == at.predictor ? void(partial = Kernel::template partial<I>(x...).matrix()) : void()),
     ...);
    if (weights_need) weights_partial.noalias() += block.transpose() * partial;
    if (bias_needs) {
      if (bias_partial.size() == 1)
        bias_partial[0] += partial.sum();
      else
        bias_partial.segment(first, n) = partial.array();
    }
  });
  return total;
}

template <class Kernel>
double evaluate_linear_predictor(ad::Tape& tape, int32_t index) {
  const ad::Node& node = tape.node(index);
  return evaluate_linear_predictor<Kernel>(tape, PredictorOperands<Kernel>(tape, node),
                                           node.needs_gradient,
                                           std::make_index_sequence<kernel_arity<Kernel>>());
}

template <class Kernel>
void linear_predictor_sum_forward(ad::Tape& tape, int32_t index) {
  const double total = evaluate_linear_predictor<Kernel>(tape, index);
  tape.node(index).value.mutable_values()[0] = total;
}

// The backward step: the node's one adjoint times the partials its forward
// step kept.
template <class Kernel>
void linear_predictor_sum_backward(ad::Tape& tape, int32_t index) {
  constexpr size_t K = kernel_arity<Kernel>;
  const PredictorOperands<Kernel> at(tape, tape.node(index));
  const double adjoint = tape.adjoint_of(index).values()[0];
  const Eigen::ArrayXd& scratch = tape.value(at.scratch).values();
  const Eigen::Index cols = tape.shape_of(at.weights)[0];
  for (size_t i = 0; i < K; ++i)
    if (i != at.predictor && tape.needs_gradient(at.kernel[i]))
      tape.accumulate(at.kernel[i], Eigen::ArrayXd::Constant(1, adjoint * scratch[cols + i]));
  tape.accumulate(at.weights, adjoint * scratch.head(cols));
  tape.accumulate(at.bias, adjoint * scratch.tail(scratch.size() - cols - K));
}

// Records the summed density over `operands` as one node over X, w and the
// bias where exactly one parameter is a linear predictor of at least
// ad::kDeferredMinElements rows over a data matrix, the bias is one value
// or one per row, and every other operand is one value or N values that
// need no gradient (the observed data); nullopt otherwise.
template <class Kernel>
std::optional<ad::Var> linear_predictor_sum(const std::array<ad::Var, kernel_arity<Kernel>>& operands) {
  constexpr size_t K = kernel_arity<Kernel>;
  ad::Tape& tape = operands[0].tape();
  const Shape shape = broadcast_all(operands);
  if (shape.rank() != 1 || shape[0] < ad::kDeferredMinElements) return std::nullopt;
  std::optional<size_t> predictor;
  ad::detail::AffineParts parts{};
  for (size_t i = 1; i < K; ++i)
    if (const auto found = ad::detail::affine_parts(tape, operands[i].index())) {
      if (predictor) return std::nullopt;  // two predictors: the plain sum
      predictor = i;
      parts = *found;
    }
  if (!predictor) return std::nullopt;
  const Shape& matrix = tape.shape_of(parts.matrix);
  const Shape& weights = tape.shape_of(parts.weights);
  const Shape& bias = tape.shape_of(parts.bias);
  if (matrix.rank() != 2 || matrix[0] != shape[0] || tape.needs_gradient(parts.matrix) ||
      weights.rank() != 1 || weights[0] != matrix[1] ||
      !(bias.numel() == 1 || bias == shape))
    return std::nullopt;
  for (size_t i = 0; i < K; ++i) {
    if (i == *predictor) continue;
    const Shape& operand = operands[i].shape();
    if (operand.numel() != 1 && !(operand == shape && !tape.needs_gradient(operands[i].index())))
      return std::nullopt;
  }
  const int64_t scratch_values = scratch_size(matrix[1], K, bias.numel());
  std::vector<ad::Var> node_operands(operands.begin(), operands.end());
  node_operands[*predictor] = ad::Var(&tape, parts.matrix);
  node_operands.push_back(ad::Var(&tape, parts.weights));
  node_operands.push_back(ad::Var(&tape, parts.bias));
  node_operands.push_back(
      tape.constant(Array(Shape{scratch_values}, Eigen::ArrayXd::Zero(scratch_values))));
  const ad::Var out = tape.record_variadic(&linear_predictor_sum_backward<Kernel>, node_operands);
  tape.set_forward(&linear_predictor_sum_forward<Kernel>);
  tape.push_parameter(static_cast<int64_t>(*predictor));
  tape.push_parameter(take_over_predictor_check<Kernel>(tape, operands[*predictor].index()) ? 1 : 0);
  tape.node(out.index()).value.assign(
      Shape{}, Eigen::ArrayXd::Constant(1, evaluate_linear_predictor<Kernel>(tape, out.index())));
  return out;
}

}  // namespace ppl::dist::detail
