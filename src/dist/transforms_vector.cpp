// Vector transforms: stick breaking onto the simplex, ordered vectors,
// permutations, the zero-sum plane.
#include <fmt/format.h>

#include <cmath>

#include "ad/ops.h"
#include "dist/distribution.h"
#include "dist/transforms.h"
#include "dist/transforms_detail.h"

namespace ppl::dist {

using detail::slice_last;

namespace {

// log(K-1-i) for i < K-1: subtracted from x so that x = 0 is the uniform vector.
Array stick_offsets(int64_t m) {
  Eigen::ArrayXd v(m);
  for (int64_t i = 0; i < m; ++i) v[i] = std::log(static_cast<double>(m - i));
  return Array(Shape{m}, std::move(v));
}

// Calls f(pointer to lane, length) for each lane along the last axis.
template <class F>
void for_each_lane(Array& a, F f) {
  const int64_t n = a.shape()[a.rank() - 1];
  if (n == 0) return;
  for (int64_t start = 0; start < a.size(); start += n) f(a.data() + start, n);
}

// For a stick-breaking x: t = x - offsets, and the log of the stick left
// before each break (exclusive cumulative sum of log(1 - z)).
struct Sticks {
  ad::Var log_z, log_one_minus_z, log_left_before, log_left_after;
};

Sticks break_sticks(ad::Var x) {
  const int64_t m = x.shape()[x.shape().rank() - 1];
  ad::Var t = x - x.tape().constant(stick_offsets(m));
  Sticks s;
  s.log_z = ad::log_sigmoid(t);
  s.log_one_minus_z = ad::log_sigmoid(-t);
  s.log_left_after = ad::cumsum(s.log_one_minus_z, -1);
  s.log_left_before = s.log_left_after - s.log_one_minus_z;
  return s;
}

}  // namespace

// ---- StickBreaking --------------------------------------------------------------

Shape StickBreakingTransform::forward_shape(const Shape& unconstrained) const {
  const int64_t m = detail::last_dim(unconstrained, 1, "StickBreaking");
  return detail::replace_right(unconstrained, 1, {m + 1});
}

Shape StickBreakingTransform::inverse_shape(const Shape& constrained) const {
  const int64_t k = detail::last_dim(constrained, 1, "StickBreaking");
  if (k < 1) throw ArgumentError("StickBreaking: a simplex needs at least one element");
  return detail::replace_right(constrained, 1, {k - 1});
}

ad::Var StickBreakingTransform::forward(ad::Var x) const {
  const int64_t m = detail::last_dim(x.shape(), 1, "StickBreaking");
  if (m == 0) return x.tape().constant(Array::ones(forward_shape(x.shape())));
  Sticks s = break_sticks(x);
  ad::Var head = s.log_z + s.log_left_before;
  ad::Var last = slice_last(s.log_left_after, m - 1, m);
  return ad::exp(ad::concat({head, last}, -1));
}

// The Jacobian of x onto y_0..y_{K-2} is lower triangular with diagonal
// dy_i/dx_i = z_i (1 - z_i) * (stick left before break i).
ad::Var StickBreakingTransform::log_abs_det_jacobian(ad::Var x, ad::Var y) const {
  const int64_t m = detail::last_dim(x.shape(), 1, "StickBreaking");
  if (m == 0) return detail::zeros_like_shape(x, detail::drop_right(x.shape(), 1));
  Sticks s = break_sticks(x);
  return ad::sum(s.log_z + s.log_one_minus_z + s.log_left_before, -1);
}

// x_i = log y_i - log(sum_{j>i} y_j) + log(K-1-i), the tail sums taken from
// the right so that small remainders keep their precision.
Array StickBreakingTransform::inverse(const Array& y) const {
  const Shape shape = inverse_shape(y.shape());
  const int64_t k = y.shape()[y.rank() - 1];
  Array yy = y;
  Eigen::ArrayXd out(shape.numel());
  int64_t lane = 0;
  for_each_lane(yy, [&](const double* v, int64_t n) {
    double tail = 0.0;
    double* o = out.data() + lane * (k - 1);
    for (int64_t i = n - 1; i >= 0; --i) {
      if (i < n - 1) o[i] = std::log(v[i]) - std::log(tail) + std::log(static_cast<double>(n - 1 - i));
      tail += v[i];
    }
    ++lane;
  });
  return Array(shape, std::move(out));
}

ad::Var StickBreakingTransform::inverse_var(ad::Var y) const {
  const int64_t k = detail::last_dim(y.shape(), 1, "StickBreaking");
  const Shape shape = inverse_shape(y.shape());
  if (k == 1) return y.tape().constant(Array::zeros(shape));
  std::vector<int64_t> reversed(static_cast<size_t>(k));
  for (int64_t i = 0; i < k; ++i) reversed[i] = k - 1 - i;
  // Suffix sums sum_{j>=i} y_j, through the reversed axis.
  ad::Var suffix = ad::take(ad::cumsum(ad::take(y, reversed, -1), -1), reversed, -1);
  ad::Var tail = slice_last(suffix, 1, k);
  return ad::log(slice_last(y, 0, k - 1)) - ad::log(tail) +
         y.tape().constant(stick_offsets(k - 1));
}

// ---- Ordered ------------------------------------------------------------------------

ad::Var OrderedTransform::forward(ad::Var x) const {
  const int64_t k = detail::last_dim(x.shape(), 1, "Ordered");
  if (k <= 1) return x;
  ad::Var steps = ad::concat({slice_last(x, 0, 1), ad::exp(slice_last(x, 1, k))}, -1);
  return ad::cumsum(steps, -1);
}

ad::Var OrderedTransform::log_abs_det_jacobian(ad::Var x, ad::Var y) const {
  const int64_t k = detail::last_dim(x.shape(), 1, "Ordered");
  if (k <= 1) return detail::zeros_like_shape(x, detail::drop_right(x.shape(), 1));
  return ad::sum(slice_last(x, 1, k), -1);
}

Array OrderedTransform::inverse(const Array& y) const {
  detail::last_dim(y.shape(), 1, "Ordered");
  Array x = y;
  for_each_lane(x, [&](double* v, int64_t n) {
    for (int64_t i = n - 1; i >= 1; --i) v[i] = std::log(v[i] - v[i - 1]);
  });
  return x;
}

ad::Var OrderedTransform::inverse_var(ad::Var y) const {
  const int64_t k = detail::last_dim(y.shape(), 1, "Ordered");
  if (k <= 1) return y;
  ad::Var steps = ad::log(slice_last(y, 1, k) - slice_last(y, 0, k - 1));
  return ad::concat({slice_last(y, 0, 1), steps}, -1);
}

// ---- Permute ------------------------------------------------------------------

PermuteTransform::PermuteTransform(const Array& permutation) {
  const int64_t k = permutation.size();
  std::vector<bool> seen(static_cast<size_t>(k), false);
  bool valid = permutation.rank() == 1;
  for (int64_t i = 0; valid && i < k; ++i) {
    const double v = permutation.values()[i];
    valid = v == std::floor(v) && v >= 0 && v < static_cast<double>(k) &&
            !seen[static_cast<size_t>(v)];
    if (valid) seen[static_cast<size_t>(v)] = true;
  }
  if (!valid)
    throw ArgumentError(fmt::format(
        "Permute: permutation must be a vector listing 0 .. K-1 once each, got {}",
        permutation.to_string()));
  permutation_.resize(static_cast<size_t>(k));
  inverse_permutation_.resize(static_cast<size_t>(k));
  for (int64_t i = 0; i < k; ++i) {
    const auto from = static_cast<int64_t>(permutation.values()[i]);
    permutation_[static_cast<size_t>(i)] = from;
    inverse_permutation_[static_cast<size_t>(from)] = i;
  }
}

namespace {

void check_permuted_length(const Shape& shape, size_t k) {
  if (detail::last_dim(shape, 1, "Permute") != static_cast<int64_t>(k))
    throw ArgumentError(fmt::format("Permute: a permutation of {} entries applied to shape {}", k,
                                    shape.to_string()));
}

}  // namespace

ad::Var PermuteTransform::forward(ad::Var x) const {
  check_permuted_length(x.shape(), permutation_.size());
  return ad::take(x, permutation_, -1);
}
Array PermuteTransform::inverse(const Array& y) const {
  check_permuted_length(y.shape(), permutation_.size());
  Array x = y;
  for_each_lane(x, [&](double* v, int64_t n) {
    std::vector<double> lane(v, v + n);
    for (int64_t i = 0; i < n; ++i)
      v[permutation_[static_cast<size_t>(i)]] = lane[static_cast<size_t>(i)];
  });
  return x;
}
ad::Var PermuteTransform::inverse_var(ad::Var y) const {
  check_permuted_length(y.shape(), permutation_.size());
  return ad::take(y, inverse_permutation_, -1);
}
ad::Var PermuteTransform::log_abs_det_jacobian(ad::Var x, ad::Var y) const {
  return detail::zeros_like_shape(x, detail::drop_right(x.shape(), 1));
}

// ---- ZeroSum ---------------------------------------------------------------------
// With n = K: y = (x - c, -s / sqrt(n)), s = sum(x), c = s / (sqrt(n) + n);
// back: s = -y_last sqrt(n), x = y[:-1] + c.

ad::Var ZeroSumTransform::forward(ad::Var x) const {
  const double n = static_cast<double>(detail::last_dim(x.shape(), 1, "ZeroSum") + 1);
  const ad::Var s = ad::sum(x, -1, /*keepdims=*/true);
  const ad::Var c = s / (std::sqrt(n) + n);
  return ad::concat({x - c, -s / std::sqrt(n)}, -1);
}
Array ZeroSumTransform::inverse(const Array& y) const {
  const double n = static_cast<double>(detail::last_dim(y.shape(), 1, "ZeroSum"));
  Array x = Array::zeros(inverse_shape(y.shape()));
  int64_t lane = 0;
  Array yy = y;
  for_each_lane(yy, [&](const double* v, int64_t len) {
    const double c = -v[len - 1] * std::sqrt(n) / (std::sqrt(n) + n);
    for (int64_t i = 0; i + 1 < len; ++i) x.data()[lane * (len - 1) + i] = v[i] + c;
    ++lane;
  });
  return x;
}
ad::Var ZeroSumTransform::inverse_var(ad::Var y) const {
  const int64_t k = detail::last_dim(y.shape(), 1, "ZeroSum");
  const double n = static_cast<double>(k);
  const ad::Var c = -slice_last(y, k - 1, k) * (std::sqrt(n) / (std::sqrt(n) + n));
  return slice_last(y, 0, k - 1) + c;
}
ad::Var ZeroSumTransform::log_abs_det_jacobian(ad::Var x, ad::Var y) const {
  return detail::zeros_like_shape(x, detail::drop_right(x.shape(), 1));
}
Shape ZeroSumTransform::forward_shape(const Shape& unconstrained) const {
  const int64_t k = detail::last_dim(unconstrained, 1, "ZeroSum");
  return detail::replace_right(unconstrained, 1, {k + 1});
}
Shape ZeroSumTransform::inverse_shape(const Shape& constrained) const {
  const int64_t k = detail::last_dim(constrained, 1, "ZeroSum");
  if (k < 1)
    throw ArgumentError(fmt::format("ZeroSum: needs a vector of at least one entry, got shape {}",
                                    constrained.to_string()));
  return detail::replace_right(constrained, 1, {k - 1});
}

}  // namespace ppl::dist
