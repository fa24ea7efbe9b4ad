#include "core/broadcast.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/error.h"

namespace ppl {

bool same_layout(const Shape& a, const Shape& b) {
  auto a_dims = a.dims(), b_dims = b.dims();
  while (!a_dims.empty() && a_dims.front() == 1) a_dims = a_dims.subspan(1);
  while (!b_dims.empty() && b_dims.front() == 1) b_dims = b_dims.subspan(1);
  return std::equal(a_dims.begin(), a_dims.end(), b_dims.begin(), b_dims.end());
}

Array broadcast_to(const Array& a, const Shape& shape) {
  if (!(broadcast_shapes(a.shape(), shape) == shape))
    throw Error(fmt::format("cannot broadcast shape {} to shape {}", a.shape().to_string(),
                            shape.to_string()));
  Array out;
  out.resize(shape);
  const double* source = a.data();
  double* target = out.data();
  for_each_offset(shape, broadcast_strides(a.shape(), shape.rank()), row_major_strides(shape),
                  [&](int64_t from, int64_t to) { target[to] = source[from]; });
  return out;
}

Array sum_to_shape(const Array& a, const Shape& shape) {
  if (a.shape() == shape) return a;
  Array out(shape, Eigen::ArrayXd::Zero(shape.numel()));
  add_summed_to_shape(a, out);
  return out;
}

void add_summed_to_shape(const Array& a, Array& target) {
  const Shape& shape = target.shape();
  if (!(broadcast_shapes(shape, a.shape()) == a.shape()))
    throw Error(fmt::format("cannot sum shape {} down to shape {}", a.shape().to_string(),
                            shape.to_string()));
  if (shape.numel() == 1) {
    target.mutable_values()[0] += a.values().sum();
    return;
  }
  // A shape that is a's last dims (a bias's adjoint from a layer's rows).
  int lead = 0;
  while (lead < shape.rank() && shape[lead] == 1) ++lead;
  const int kept = shape.rank() - lead;
  bool trailing = kept <= a.rank();
  for (int k = 1; trailing && k <= kept; ++k)
    trailing = shape[shape.rank() - k] == a.shape()[a.rank() - k];
  if (trailing) {
    // Column sums of a as a row-major [rows, width] matrix: Eigen keeps the
    // running sums in registers (adding row after row through memory stalls
    // on each store).
    const int64_t width = shape.numel();
    using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const Eigen::Map<const RowMajor> rows(a.data(), a.size() / width, width);
    target.mutable_values() += rows.colwise().sum().transpose().array();
    return;
  }
  const double* source = a.data();
  double* sum = target.data();
  for_each_offset(a.shape(), row_major_strides(a.shape()), broadcast_strides(shape, a.rank()),
                  [&](int64_t from, int64_t to) { sum[to] += source[from]; });
}

}  // namespace ppl
