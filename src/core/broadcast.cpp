#include "core/broadcast.h"

#include <fmt/format.h>

#include "core/error.h"

namespace ppl {

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
  if (!(broadcast_shapes(shape, a.shape()) == a.shape()))
    throw Error(fmt::format("cannot sum shape {} down to shape {}", a.shape().to_string(),
                            shape.to_string()));
  if (shape.numel() == 1) return Array(shape, Eigen::ArrayXd::Constant(1, a.values().sum()));
  Array out(shape, Eigen::ArrayXd::Zero(shape.numel()));
  const double* source = a.data();
  double* target = out.data();
  for_each_offset(a.shape(), row_major_strides(a.shape()), broadcast_strides(shape, a.rank()),
                  [&](int64_t from, int64_t to) { target[to] += source[from]; });
  return out;
}

}  // namespace ppl
