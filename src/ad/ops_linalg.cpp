#include "ad/ops_linalg.h"

#include <fmt/format.h>

#include <Eigen/Cholesky>
#include <Eigen/Dense>
#include <Eigen/LU>
#include <utility>

#include "core/array_layout.h"
#include "ad/affine.h"
#include "ad/common_subexpressions.h"
#include "ad/record.h"
#include "core/array_linalg.h"
#include "core/broadcasts_to.h"
#include "core/error.h"
#include "core/narrow_products.h"

namespace ppl::ad {

namespace {

Var record_binary(Var a, Var b, BackwardFn backward, ForwardFn forward, Array value) {
  return detail::record_with_value({a, b}, backward, forward, std::move(value));
}

Var record_unary(Var a, BackwardFn backward, ForwardFn forward, Array value) {
  return detail::record_with_value({a}, backward, forward, std::move(value));
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

// The rows and columns a matmul operand acts as: a vector is a row (on the
// left) or a column (on the right); a left operand of rank 3 or more, times
// a matrix or vector, is one matrix of all its rows.
std::pair<Eigen::Index, Eigen::Index> matrix_dims(const Array& a, bool left) {
  if (a.rank() >= 2) {
    const Eigen::Index cols = a.shape()[a.rank() - 1];
    return {cols == 0 ? 0 : a.size() / cols, cols};
  }
  return left ? std::pair<Eigen::Index, Eigen::Index>{1, a.shape()[0]}
              : std::pair<Eigen::Index, Eigen::Index>{a.shape()[0], 1};
}

// The adjoints of the operands of C = A B, for B of rank 1 or 2 and A of
// any rank (its rows stacked), from C's adjoint g: dA = g Bᵀ, dB = Aᵀ g.
// The products read the operands in place: no copy of a data matrix X in
// X @ beta at each gradient.
void accumulate_product_adjoints(Tape& tape, int32_t a, int32_t b, const Array& adjoint) {
  const Array& a_value = tape.value(a);
  const Array& b_value = tape.value(b);
  const auto [rows, inner] = matrix_dims(a_value, true);
  const Eigen::Index cols = matrix_dims(b_value, false).second;
  const ConstMatrixView left(a_value.data(), rows, inner);
  const ConstMatrixView right(b_value.data(), inner, cols);
  const ConstMatrixView g(adjoint.data(), rows, cols);
  // Added into the adjoints in place: no product kept in a temporary.
  if (tape.needs_gradient(a)) {
    double* da = tape.adjoint_for_update(a).data();
    if (is_narrow_product(rows, cols, inner))
      narrow_product_add_rhs_transposed(adjoint.data(), b_value.data(), da, rows, inner, cols);
    else
      MatrixView(da, rows, inner).noalias() += g * right.transpose();
  }
  if (tape.needs_gradient(b)) {
    double* db = tape.adjoint_for_update(b).data();
    if (is_narrow_product(inner, rows, cols))
      narrow_product_add_lhs_transposed(a_value.data(), adjoint.data(), db, rows, inner, cols);
    else
      MatrixView(db, inner, cols).noalias() += left.transpose() * g;
  }
}

void matmul_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const int32_t a = node.operands[0];
  const int32_t b = node.operands[1];
  const Array& a_value = tape.value(a);
  const Array& b_value = tape.value(b);
  // C = A B: dA = G Bᵀ and dB = Aᵀ G, summed over the batches A or B was
  // broadcast across. Without batches, the products read the operands and
  // the transposes in place: a copy of a data matrix X in X @ beta at each
  // gradient costs more than the product itself once X leaves the cache.
  if (b_value.rank() <= 2) {
    accumulate_product_adjoints(tape, a, b, tape.adjoint_of(index));
    return;
  }
  const Array left = as_matrices(a_value, true);
  const Array right = as_matrices(b_value, false);
  // The adjoint with the dropped vector axes put back: batch + [rows, cols].
  Shape shape = node.value.shape();
  if (b_value.rank() == 1) shape.push_back(1);
  if (a_value.rank() == 1) {
    Shape with_row = Shape(shape.dims().first(shape.rank() - 1));
    with_row.push_back(1);
    with_row.push_back(shape[shape.rank() - 1]);
    shape = with_row;
  }
  const Array g = reshape(tape.adjoint_of(index), shape);
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
  RowMajorMatrix phi =
      lower.transpose() *
      matrix_view(tape.adjoint_of(index)).triangularView<Eigen::Lower>().toDenseMatrix();
  phi.triangularView<Eigen::StrictlyUpper>().setZero();
  phi.diagonal() *= 0.5;
  const auto upper = lower.transpose().triangularView<Eigen::Upper>();
  upper.solveInPlace(phi);  // L⁻ᵀ Φ
  RowMajorMatrix adjoint = phi.transpose();
  upper.solveInPlace(adjoint);  // (L⁻ᵀ Φ L⁻¹)ᵀ
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

// ---- General square matrices ----

const Array& square_matrix(const Array& a, const char* operation) {
  if (a.rank() != 2 || a.shape()[0] != a.shape()[1])
    throw Error(fmt::format("{}: a must be a square matrix, got shape {}", operation,
                            a.shape().to_string()));
  return a;
}

Array lu_solve(const Array& a, const Array& b) {
  const int64_t n = square_matrix(a, "solve").shape()[0];
  if (b.rank() < 1 || b.rank() > 2 || b.shape()[0] != n)
    throw Error(
        fmt::format("solve: b must be a vector of {0} or a matrix of {0} rows, got shape {1}", n,
                    b.shape().to_string()));
  const int64_t cols = b.rank() == 1 ? 1 : b.shape()[1];
  const RowMajorMatrix x =
      Eigen::PartialPivLU<RowMajorMatrix>(matrix_view(a)).solve(ConstMatrixView(b.data(), n, cols));
  return Array(b.shape(), x.reshaped<Eigen::RowMajor>().array());
}

Array lu_inverse(const Array& a) {
  const int64_t n = square_matrix(a, "inverse").shape()[0];
  const RowMajorMatrix inverse = Eigen::PartialPivLU<RowMajorMatrix>(matrix_view(a)).inverse();
  return Array(Shape{n, n}, inverse.reshaped<Eigen::RowMajor>().array());
}

Array lu_det(const Array& a) {
  return Array(
      Eigen::PartialPivLU<RowMajorMatrix>(matrix_view(square_matrix(a, "det"))).determinant());
}

Array lu_log_abs_det(const Array& a) {
  const Eigen::PartialPivLU<RowMajorMatrix> lu(matrix_view(square_matrix(a, "log_abs_det")));
  return Array(lu.matrixLU().diagonal().array().abs().log().sum());
}

// A⁻ᵀ, from the LU factors.
RowMajorMatrix inverse_transpose(const Array& a) {
  return Eigen::PartialPivLU<RowMajorMatrix>(matrix_view(a)).inverse().transpose();
}

void solve_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const int32_t a = node.operands[0];
  const int32_t b = node.operands[1];
  const int64_t n = tape.value(a).shape()[0];
  const int64_t cols = node.value.size() / n;
  // x = A⁻¹ b: b̄ = A⁻ᵀ x̄ and Ā = -b̄ xᵀ.
  const RowMajorMatrix b_adjoint =
      Eigen::PartialPivLU<RowMajorMatrix>(matrix_view(tape.value(a)).transpose())
          .solve(ConstMatrixView(tape.adjoint_of(index).data(), n, cols));
  if (tape.needs_gradient(a)) {
    const RowMajorMatrix a_adjoint =
        -b_adjoint * ConstMatrixView(node.value.data(), n, cols).transpose();
    tape.accumulate(a, a_adjoint.reshaped<Eigen::RowMajor>().array());
  }
  tape.accumulate(b, b_adjoint.reshaped<Eigen::RowMajor>().array());
}

void inverse_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  // Y = A⁻¹: Ā = -Yᵀ Ȳ Yᵀ.
  const ConstMatrixView y = matrix_view(node.value);
  const RowMajorMatrix adjoint =
      -y.transpose() * matrix_view(tape.adjoint_of(index)) * y.transpose();
  tape.accumulate(node.operands[0], adjoint.reshaped<Eigen::RowMajor>().array());
}

void det_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const int32_t a = node.operands[0];
  // d det A = det A tr(A⁻¹ dA).
  const double scale = tape.adjoint_of(index).item() * node.value.item();
  tape.accumulate(a,
                  (scale * inverse_transpose(tape.value(a))).reshaped<Eigen::RowMajor>().array());
}

void log_abs_det_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const int32_t a = node.operands[0];
  const double g = tape.adjoint_of(index).item();
  tape.accumulate(a, (g * inverse_transpose(tape.value(a))).reshaped<Eigen::RowMajor>().array());
}

// Replays a matmul into its node's own buffer.
void matmul_forward(Tape& tape, int32_t index) {
  Node& node = tape.node(index);
  matmul_into(tape.value(node.operands[0]), tape.value(node.operands[1]), node.value);
}

// out += bias, broadcast: a number, a bias of out's own shape, or one row
// added to every row of a matrix, without a broadcast copy.
void add_bias(Array& out, const Array& bias) {
  if (bias.size() == 1) {
    out.mutable_values() += bias.values()[0];
  } else if (bias.size() == out.size()) {
    out.mutable_values() += bias.values();
  } else if (out.rank() >= 2 && bias.size() == out.shape()[out.rank() - 1] &&
             bias.shape()[bias.rank() - 1] == bias.size()) {
    // A plain loop: Eigen's rowwise add works row by row on short rows.
    const int64_t cols = bias.size();
    double* row = out.data();
    const double* b = bias.data();
    for (int64_t end = out.size(); end > 0; end -= cols, row += cols)
      for (int64_t j = 0; j < cols; ++j) row[j] += b[j];
  } else {
    out.mutable_values() += broadcast_to(bias, out.shape()).values();
  }
}

// Operands: X, W, bias (fused_affine).
void affine_forward(Tape& tape, int32_t index) {
  Node& node = tape.node(index);
  matmul_into(tape.value(node.operands[0]), tape.value(node.operands[1]), node.value);
  add_bias(node.value, tape.value(node.operands[2]));
}

void affine_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const Array& g = tape.adjoint_of(index);
  accumulate_product_adjoints(tape, node.operands[0], node.operands[1], g);
  tape.accumulate_broadcast(node.operands[2], g.shape(), g.values());
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

// Whether v is a live node of `tape` (a Var kept past a clear is not).
bool on_tape(const Tape& tape, Var v) {
  return &v.tape() == &tape && v.index() >= 0 && v.index() < tape.size();
}

// The shape of a @ b for operands of rank 1 or 2 whose inner dims agree and
// whose product has enough elements to defer; nullopt for any other product
// (computed at once, and misaligned shapes reported by ppl::matmul).
std::optional<Shape> deferred_product_shape(const Shape& a, const Shape& b) {
  if (a.rank() < 1 || a.rank() > 2 || b.rank() < 1 || b.rank() > 2) return std::nullopt;
  if (a.rank() == 1 && b.rank() == 1) return std::nullopt;  // a dot product: one value
  if (a[a.rank() - 1] != b[0]) return std::nullopt;
  Shape shape;
  if (a.rank() == 2) shape.push_back(a[0]);
  if (b.rank() == 2) shape.push_back(b[1]);
  if (shape.numel() < kDeferredMinElements) return std::nullopt;
  return shape;
}

}  // namespace

Var matmul(Var a, Var b) {
  if (auto twin = recent_twin(a.tape(), matmul_forward, matmul_backward, {a, b})) return *twin;
  if (on_tape(a.tape(), a) && on_tape(a.tape(), b))
    if (const std::optional<Shape> shape = deferred_product_shape(a.shape(), b.shape())) {
      Tape& tape = a.tape();
      const Var out = tape.record(matmul_backward, {a, b});
      tape.set_forward(matmul_forward);
      tape.defer(*shape);
      return out;
    }
  return record_binary(a, b, matmul_backward, matmul_forward, ppl::matmul(a.value(), b.value()));
}

namespace detail {

std::optional<Var> fused_affine(Var product, Var bias) {
  Tape& tape = product.tape();
  if (!on_tape(tape, product) || !on_tape(tape, bias))
    return std::nullopt;  // the plain add reports the bad operand
  const Node& node = tape.node(product.index());
  if (node.backward != matmul_backward) return std::nullopt;
  const int32_t a = node.operands[0];
  const int32_t b = node.operands[1];
  if (tape.value(b).rank() > 2) return std::nullopt;
  if (!broadcasts_to(bias.shape(), product.shape())) return std::nullopt;
  if (auto twin =
          recent_twin(tape, affine_forward, affine_backward, {Var(&tape, a), Var(&tape, b), bias}))
    return *twin;
  if (node.deferred) {
    const Shape shape = product.shape();
    const Var out = tape.record(affine_backward, {Var(&tape, a), Var(&tape, b), bias});
    tape.set_forward(affine_forward);
    tape.defer(shape);
    return out;
  }
  Array value = product.value();
  add_bias(value, bias.value());
  return detail::record_with_value({Var(&tape, a), Var(&tape, b), bias}, affine_backward,
                                   affine_forward, std::move(value));
}

std::optional<AffineParts> affine_parts(const Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  if (node.backward != affine_backward) return std::nullopt;
  return AffineParts{node.operands[0], node.operands[1], node.operands[2]};
}

}  // namespace detail

Var dot(Var a, Var b) {
  return record_binary(a, b, dot_backward, binary_forward<ppl::dot>,
                       ppl::dot(a.value(), b.value()));
}

Var cholesky(Var a) {
  return record_unary(a, cholesky_backward, unary_forward<ppl::cholesky>, ppl::cholesky(a.value()));
}

Var solve_lower_triangular(Var lower, Var b) {
  return record_binary(lower, b, solve_lower_triangular_backward,
                       binary_forward<ppl::solve_lower_triangular>,
                       ppl::solve_lower_triangular(lower.value(), b.value()));
}

Var log_det_spd(Var a) {
  return record_unary(a, log_det_spd_backward, unary_forward<ppl::log_det_spd>,
                      ppl::log_det_spd(a.value()));
}

Var log_abs_det_triangular(Var t) {
  return record_unary(t, log_abs_det_triangular_backward,
                      unary_forward<ppl::log_abs_det_triangular>,
                      ppl::log_abs_det_triangular(t.value()));
}

Var solve(Var a, Var b) {
  return record_binary(a, b, solve_backward, binary_forward<lu_solve>,
                       lu_solve(a.value(), b.value()));
}

Var inverse(Var a) {
  return record_unary(a, inverse_backward, unary_forward<lu_inverse>, lu_inverse(a.value()));
}

Var det(Var a) { return record_unary(a, det_backward, unary_forward<lu_det>, lu_det(a.value())); }

Var log_abs_det(Var a) {
  return record_unary(a, log_abs_det_backward, unary_forward<lu_log_abs_det>,
                      lu_log_abs_det(a.value()));
}

}  // namespace ppl::ad
