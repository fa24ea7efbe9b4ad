#include "ad/ops_linalg.h"

#include <Eigen/Cholesky>
#include <Eigen/Dense>

#include "core/array_layout.h"
#include "core/array_linalg.h"

namespace ppl::ad {

namespace {

Var record_binary(Var a, Var b, BackwardFn backward, ForwardFn forward, Array value) {
  Tape& tape = a.tape();
  const Var out = tape.record(backward, {a, b});
  tape.set_forward(forward);
  tape.node(out.index()).value = std::move(value);
  return out;
}

Var record_unary(Var a, BackwardFn backward, ForwardFn forward, Array value) {
  Tape& tape = a.tape();
  const Var out = tape.record(backward, {a});
  tape.set_forward(forward);
  tape.node(out.index()).value = std::move(value);
  return out;
}

// A matmul operand as the batch of matrices it acts as: a vector becomes a
// row (on the left) or a column (on the right).
Array as_matrices(const Array& a, bool left) {
  if (a.rank() != 1) return a;
  return reshape(a, left ? Shape{1, a.shape()[0]} : Shape{a.shape()[0], 1});
}

// Swaps the last two axes.
Array transpose_matrices(const Array& a) {
  std::array<int, Shape::kMaxRank> permutation{};
  for (int k = 0; k < a.rank(); ++k) permutation[k] = k;
  std::swap(permutation[a.rank() - 2], permutation[a.rank() - 1]);
  return ppl::transpose(a, std::span(permutation.data(), a.rank()));
}

void matmul_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const int32_t a = node.operands[0];
  const int32_t b = node.operands[1];
  const Array left = as_matrices(tape.value(a), true);
  const Array right = as_matrices(tape.value(b), false);
  // The adjoint with the dropped vector axes put back: batch + [rows, cols].
  Shape shape = node.value.shape();
  if (tape.value(b).rank() == 1) shape.push_back(1);
  if (tape.value(a).rank() == 1) {
    Shape with_row = Shape(shape.dims().first(shape.rank() - 1));
    with_row.push_back(1);
    with_row.push_back(shape[shape.rank() - 1]);
    shape = with_row;
  }
  const Array g = reshape(tape.adjoint_of(index), shape);
  // C = A B: dA = G Bᵀ and dB = Aᵀ G, summed over the batches A or B was
  // broadcast across.
  if (tape.needs_gradient(a))
    tape.accumulate(a, sum_to_shape(matmul(g, transpose_matrices(right)), left.shape()).values());
  if (tape.needs_gradient(b))
    tape.accumulate(b, sum_to_shape(matmul(transpose_matrices(left), g), right.shape()).values());
}

void dot_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const double g = tape.adjoint_of(index).item();
  tape.accumulate(node.operands[0], g * tape.value(node.operands[1]).values());
  tape.accumulate(node.operands[1], g * tape.value(node.operands[0]).values());
}

void cholesky_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const ConstMatrixView lower = matrix_view(node.value);
  // With A = L Lᵀ and Φ(X) the lower triangle of X with its diagonal halved,
  // dL = L Φ(L⁻¹ dA L⁻ᵀ), whose adjoint is Ā = L⁻ᵀ Φ(Lᵀ L̄) L⁻¹ (symmetrized).
  RowMajorMatrix phi = lower.transpose() *
                       matrix_view(tape.adjoint_of(index)).triangularView<Eigen::Lower>().toDenseMatrix();
  phi.triangularView<Eigen::StrictlyUpper>().setZero();
  phi.diagonal() *= 0.5;
  const auto upper = lower.transpose().triangularView<Eigen::Upper>();
  upper.solveInPlace(phi);                          // L⁻ᵀ Φ
  RowMajorMatrix adjoint = phi.transpose();
  upper.solveInPlace(adjoint);                      // (L⁻ᵀ Φ L⁻¹)ᵀ
  const RowMajorMatrix symmetric = 0.5 * (adjoint + adjoint.transpose());
  tape.accumulate(node.operands[0], symmetric.reshaped<Eigen::RowMajor>().array());
}

void solve_lower_triangular_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const int32_t l = node.operands[0];
  const int32_t b = node.operands[1];
  const ConstMatrixView lower = matrix_view(tape.value(l));
  const int64_t n = lower.rows();
  const int64_t cols = node.value.size() / n;
  // x = L⁻¹ b: b̄ = L⁻ᵀ x̄ and L̄ = -tril(b̄ xᵀ).
  RowMajorMatrix b_adjoint = ConstMatrixView(tape.adjoint_of(index).data(), n, cols);
  lower.transpose().triangularView<Eigen::Upper>().solveInPlace(b_adjoint);
  if (tape.needs_gradient(l)) {
    RowMajorMatrix l_adjoint = -b_adjoint * ConstMatrixView(node.value.data(), n, cols).transpose();
    l_adjoint.triangularView<Eigen::StrictlyUpper>().setZero();
    tape.accumulate(l, l_adjoint.reshaped<Eigen::RowMajor>().array());
  }
  tape.accumulate(b, b_adjoint.reshaped<Eigen::RowMajor>().array());
}

void log_det_spd_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const int32_t a = node.operands[0];
  // d log det A = tr(A⁻¹ dA).
  const Eigen::LLT<RowMajorMatrix> llt(matrix_view(tape.value(a)));
  const int64_t n = tape.value(a).shape()[0];
  const RowMajorMatrix inverse = llt.solve(RowMajorMatrix::Identity(n, n));
  tape.accumulate(a, tape.adjoint_of(index).item() * inverse.reshaped<Eigen::RowMajor>().array());
}

void log_abs_det_triangular_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const int32_t t = node.operands[0];
  const ConstMatrixView matrix = matrix_view(tape.value(t));
  RowMajorMatrix adjoint = RowMajorMatrix::Zero(matrix.rows(), matrix.cols());
  adjoint.diagonal() = tape.adjoint_of(index).item() * matrix.diagonal().cwiseInverse();
  tape.accumulate(t, adjoint.reshaped<Eigen::RowMajor>().array());
}

// Forward steps for replay: F is the array function the operation computes.
template <Array (*F)(const Array&)>
void unary_forward(Tape& tape, int32_t index) {
  Node& node = tape.node(index);
  node.value = F(tape.value(node.operands[0]));
}

template <Array (*F)(const Array&, const Array&)>
void binary_forward(Tape& tape, int32_t index) {
  Node& node = tape.node(index);
  node.value = F(tape.value(node.operands[0]), tape.value(node.operands[1]));
}

}  // namespace

Var matmul(Var a, Var b) {
  return record_binary(a, b, matmul_backward, binary_forward<ppl::matmul>, ppl::matmul(a.value(), b.value()));
}

Var dot(Var a, Var b) { return record_binary(a, b, dot_backward, binary_forward<ppl::dot>, ppl::dot(a.value(), b.value())); }

Var cholesky(Var a) { return record_unary(a, cholesky_backward, unary_forward<ppl::cholesky>, ppl::cholesky(a.value())); }

Var solve_lower_triangular(Var lower, Var b) {
  return record_binary(lower, b, solve_lower_triangular_backward,
                       binary_forward<ppl::solve_lower_triangular>, ppl::solve_lower_triangular(lower.value(), b.value()));
}

Var log_det_spd(Var a) { return record_unary(a, log_det_spd_backward, unary_forward<ppl::log_det_spd>, ppl::log_det_spd(a.value())); }

Var log_abs_det_triangular(Var t) {
  return record_unary(t, log_abs_det_triangular_backward, unary_forward<ppl::log_abs_det_triangular>,
                      ppl::log_abs_det_triangular(t.value()));
}

}  // namespace ppl::ad
