// Matrix transforms: lower Cholesky factors, correlation Cholesky factors,
// L -> L Lᵀ onto positive-definite and correlation matrices, and the affine
// map of vectors by a lower Cholesky factor.
#include <fmt/format.h>

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <vector>

#include "ad/ops.h"
#include "core/array_layout.h"
#include "core/array_linalg.h"
#include "core/array_math.h"
#include "dist/distribution.h"
#include "dist/matrix_batches.h"
#include "dist/multivariate_normal.h"
#include "dist/transforms.h"
#include "dist/transforms_detail.h"

namespace ppl::dist {

using detail::drop_right;
using detail::slice_last;

namespace {

// The side D of the square matrices of a constrained shape [.., D, D].
int64_t square_side(const Shape& shape, const std::string& what) {
  const int64_t d = detail::last_dim(shape, 2, what);
  if (shape[shape.rank() - 2] != d)
    throw ArgumentError(
        fmt::format("{}: needs square matrices, got shape {}", what, shape.to_string()));
  return d;
}

// Calls f(matrix view, batch index) for each D x D matrix of a [.., D, D] array.
template <class F>
void for_each_matrix(const Array& a, int64_t d, F f) {
  const int64_t count = d == 0 ? 0 : a.size() / (d * d);
  for (int64_t b = 0; b < count; ++b) f(ConstMatrixView(a.data() + b * d * d, d, d), b);
}

// The entries at flat positions of each D x D matrix: [.., D, D] -> [.., n].
ad::Var gather_entries(ad::Var m, int64_t d, const std::vector<int64_t>& positions) {
  ad::Var flat = ad::reshape(m, detail::replace_right(m.shape(), 2, {d * d}));
  return ad::take(flat, positions, -1);
}

std::vector<int64_t> strictly_lower_positions(int64_t d) {
  std::vector<int64_t> p;
  for (int64_t i = 0; i < d; ++i)
    for (int64_t j = 0; j < i; ++j) p.push_back(i * d + j);
  return p;
}

std::vector<int64_t> diagonal_positions(int64_t d) {
  std::vector<int64_t> p;
  for (int64_t i = 0; i < d; ++i) p.push_back(i * d + i);
  return p;
}

// A vector [.., n] laid into [.., D, D] by an index array of
// detail::tril_gather_indices whose zero slot is n.
ad::Var fill_matrix(ad::Var v, const Array& indices) {
  const Shape one = detail::replace_right(v.shape(), 1, {1});
  ad::Var padded = ad::concat({v, detail::zeros_like_shape(v, one)}, -1);
  return ad::take(padded, indices, -1);
}

// log(1 - tanh(x)^2) = log 4 - 2|x| - 2 softplus(-2|x|), without cancellation.
ad::Var log1m_tanh_squared(ad::Var x) {
  ad::Var a = ad::abs(x);
  return std::log(4.0) - 2.0 * a - 2.0 * ad::softplus(-2.0 * a);
}

Array strictly_lower_mask(int64_t d) {
  Array m = Array::zeros(Shape{d, d});
  for (int64_t i = 0; i < d; ++i)
    for (int64_t j = 0; j < i; ++j) m.data()[i * d + j] = 1.0;
  return m;
}

}  // namespace

// ---- LowerCholesky ------------------------------------------------------------------

Shape LowerCholeskyTransform::forward_shape(const Shape& unconstrained) const {
  const int64_t n = detail::last_dim(unconstrained, 1, "LowerCholesky");
  const int64_t d = detail::triangle_side(n, true, "LowerCholesky");
  return detail::replace_right(unconstrained, 1, {d, d});
}

Shape LowerCholeskyTransform::inverse_shape(const Shape& constrained) const {
  const int64_t d = square_side(constrained, "LowerCholesky");
  return detail::replace_right(constrained, 2, {d * (d + 1) / 2});
}

ad::Var LowerCholeskyTransform::forward(ad::Var x) const {
  const int64_t n = detail::last_dim(x.shape(), 1, "LowerCholesky");
  const int64_t d = detail::triangle_side(n, true, "LowerCholesky");
  const int64_t m = n - d;
  ad::Var diagonal = ad::exp(slice_last(x, m, n));
  ad::Var v = m == 0 ? diagonal : ad::concat({slice_last(x, 0, m), diagonal}, -1);
  return fill_matrix(v, detail::tril_gather_indices(d, m, n));
}

// The strictly lower entries are x itself and the diagonal exp(x): the
// Jacobian is diagonal, with log-determinant the sum of the diagonal's x.
ad::Var LowerCholeskyTransform::log_abs_det_jacobian(ad::Var x, ad::Var y) const {
  const int64_t n = detail::last_dim(x.shape(), 1, "LowerCholesky");
  const int64_t d = detail::triangle_side(n, true, "LowerCholesky");
  return ad::sum(slice_last(x, n - d, n), -1);
}

Array LowerCholeskyTransform::inverse(const Array& y) const {
  const int64_t d = square_side(y.shape(), "LowerCholesky");
  const int64_t n = d * (d + 1) / 2, m = n - d;
  Eigen::ArrayXd out(inverse_shape(y.shape()).numel());
  for_each_matrix(y, d, [&](const ConstMatrixView& l, int64_t b) {
    double* o = out.data() + b * n;
    for (int64_t i = 0; i < d; ++i) {
      for (int64_t j = 0; j < i; ++j) o[i * (i - 1) / 2 + j] = l(i, j);
      o[m + i] = std::log(l(i, i));
    }
  });
  return Array(inverse_shape(y.shape()), std::move(out));
}

ad::Var LowerCholeskyTransform::inverse_var(ad::Var y) const {
  const int64_t d = square_side(y.shape(), "LowerCholesky");
  ad::Var diagonal = ad::log(gather_entries(y, d, diagonal_positions(d)));
  if (d == 1) return diagonal;
  return ad::concat({gather_entries(y, d, strictly_lower_positions(d)), diagonal}, -1);
}

// ---- CorrCholesky ------------------------------------------------------------------------

Shape CorrCholeskyTransform::forward_shape(const Shape& unconstrained) const {
  const int64_t n = detail::last_dim(unconstrained, 1, "CorrCholesky");
  const int64_t d = detail::triangle_side(n, false, "CorrCholesky");
  return detail::replace_right(unconstrained, 1, {d, d});
}

Shape CorrCholeskyTransform::inverse_shape(const Shape& constrained) const {
  const int64_t d = square_side(constrained, "CorrCholesky");
  return detail::replace_right(constrained, 2, {d * (d - 1) / 2});
}

namespace {

// The pieces of the correlation Cholesky construction, as [.., D, D]:
// partial correlations z (strictly lower), s = log(1 - z^2) there, and the
// exclusive row cumulative sums c of s: row i's remaining norm before column
// j is exp(c_ij / 2).
struct CorrPieces {
  ad::Var z, s, c;
};

CorrPieces corr_pieces(ad::Var x, int64_t d) {
  const Array indices = detail::tril_gather_indices(d, -1, x.shape()[x.shape().rank() - 1]);
  CorrPieces p;
  p.z = fill_matrix(ad::tanh(x), indices);
  p.s = fill_matrix(log1m_tanh_squared(x), indices);
  p.c = ad::cumsum(p.s, -1) - p.s;
  return p;
}

}  // namespace

ad::Var CorrCholeskyTransform::forward(ad::Var x) const {
  const int64_t n = detail::last_dim(x.shape(), 1, "CorrCholesky");
  const int64_t d = detail::triangle_side(n, false, "CorrCholesky");
  if (d == 1) return x.tape().constant(Array::ones(forward_shape(x.shape())));
  CorrPieces p = corr_pieces(x, d);
  return (p.z + x.tape().constant(Array::eye(d))) * ad::exp(0.5 * p.c);
}

// Within a row, L_ij depends on x_ik for k <= j only: the Jacobian onto the
// strictly lower entries is triangular with diagonal
// dL_ij/dx_ij = (1 - z_ij^2) * exp(c_ij / 2).
ad::Var CorrCholeskyTransform::log_abs_det_jacobian(ad::Var x, ad::Var y) const {
  const int64_t n = detail::last_dim(x.shape(), 1, "CorrCholesky");
  const int64_t d = detail::triangle_side(n, false, "CorrCholesky");
  if (d == 1) return detail::zeros_like_shape(x, drop_right(x.shape(), 1));
  CorrPieces p = corr_pieces(x, d);
  ad::Var terms = p.s + 0.5 * p.c * x.tape().constant(strictly_lower_mask(d));
  return sum_rightmost(terms, 2);
}

Array CorrCholeskyTransform::inverse(const Array& y) const {
  const int64_t d = square_side(y.shape(), "CorrCholesky");
  const int64_t n = d * (d - 1) / 2;
  Eigen::ArrayXd out(inverse_shape(y.shape()).numel());
  const double limit = 1.0 - 1e-15;
  for_each_matrix(y, d, [&](const ConstMatrixView& l, int64_t b) {
    double* o = out.data() + b * n;
    for (int64_t i = 1; i < d; ++i) {
      double used = 0.0;
      for (int64_t j = 0; j < i; ++j) {
        const double left = std::sqrt(std::max(1.0 - used, 0.0));
        const double z = std::clamp(left > 0 ? l(i, j) / left : 0.0, -limit, limit);
        o[i * (i - 1) / 2 + j] = std::atanh(z);
        used += l(i, j) * l(i, j);
      }
    }
  });
  return Array(inverse_shape(y.shape()), std::move(out));
}

// ---- L -> L Lᵀ -------------------------------------------------------------------------------

ad::Var CholeskyOuterTransform::forward(ad::Var x) const {
  square_side(x.shape(), name());
  return ad::matmul(x, matrix_transpose(x));
}

ad::Var CholeskyOuterTransform::log_abs_det_jacobian(ad::Var x, ad::Var y) const {
  const int64_t d = square_side(x.shape(), name());
  Eigen::ArrayXd weights(d);
  for (int64_t j = 0; j < d; ++j) weights[j] = static_cast<double>(correlation_ ? d - 1 - j : d - j);
  ad::Var log_diagonal = ad::log(gather_entries(x, d, diagonal_positions(d)));
  ad::Var total = ad::sum(log_diagonal * x.tape().constant(Array(Shape{d}, weights)), -1);
  return correlation_ ? total : total + static_cast<double>(d) * std::log(2.0);
}

Array CholeskyOuterTransform::inverse(const Array& y) const {
  const int64_t d = square_side(y.shape(), name());
  Array out = Array::zeros(y.shape());
  for_each_matrix(y, d, [&](const ConstMatrixView& a, int64_t b) {
    Eigen::LLT<Eigen::MatrixXd> llt(Eigen::MatrixXd(a).selfadjointView<Eigen::Lower>());
    Eigen::MatrixXd l = llt.matrixL();
    if (llt.info() != Eigen::Success) l.setConstant(NAN);
    MatrixView(out.data() + b * d * d, d, d) = l;
  });
  return out;
}

// ---- LowerCholeskyAffine ------------------------------------------------------------
// Vectors [.., D] are handled as the rows of an [N, D] matrix X: Y = X Lᵀ,
// and back X = (L^-1 (Y - loc)ᵀ)ᵀ.

LowerCholeskyAffine::LowerCholeskyAffine(ad::Var loc, ad::Var scale_tril)
    : loc_(loc),
      scale_tril_(detail::checked_covariance_factor("LowerCholeskyAffine", "scale_tril", scale_tril,
                                                    MultivariateNormal::Matrix::ScaleTril)) {
  const int64_t d = scale_tril_.shape()[0];
  if (loc.shape().rank() > 0 && loc.shape()[loc.shape().rank() - 1] != d &&
      loc.shape()[loc.shape().rank() - 1] != 1)
    throw ArgumentError(fmt::format(
        "LowerCholeskyAffine: loc of shape {} does not match a scale_tril of shape {}",
        loc.shape().to_string(), scale_tril_.shape().to_string()));
}

ad::Var LowerCholeskyAffine::forward(ad::Var x) const {
  return loc_ + ad::matmul(x, ad::transpose(scale_tril_));
}

Array LowerCholeskyAffine::inverse(const Array& y) const {
  const Array centered = y - loc_.value();
  const int64_t d = scale_tril_.shape()[0];
  const Array rows = reshape(centered, Shape{centered.size() / d, d});
  return reshape(transpose(solve_lower_triangular(scale_tril_.value(), transpose(rows))),
                 centered.shape());
}

ad::Var LowerCholeskyAffine::inverse_var(ad::Var y) const {
  const ad::Var centered = y - loc_;
  const int64_t d = scale_tril_.shape()[0];
  const ad::Var rows = ad::reshape(centered, Shape{centered.value().size() / d, d});
  return ad::reshape(ad::transpose(ad::solve_lower_triangular(scale_tril_, ad::transpose(rows))),
                     centered.shape());
}

ad::Var LowerCholeskyAffine::log_abs_det_jacobian(ad::Var x, ad::Var y) const {
  return broadcast_var(ad::log_abs_det_triangular(scale_tril_), drop_right(x.shape(), 1));
}

}  // namespace ppl::dist
