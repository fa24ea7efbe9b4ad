#include "core/array.h"

#include <fmt/format.h>

#include <cmath>

#include "core/error.h"

namespace ppl {

Array::Array(double scalar) : shape_{}, values_(Eigen::ArrayXd::Constant(1, scalar)) {}

Array::Array(const Shape& shape, Eigen::ArrayXd values) : shape_(shape), values_(std::move(values)) {
  if (values_.size() != shape_.numel())
    throw Error(fmt::format("{} values cannot fill an array of shape {}", values_.size(),
                            shape_.to_string()));
}

Array::Array(const Shape& shape, std::initializer_list<double> values)
    : Array(shape, Eigen::Map<const Eigen::ArrayXd>(values.begin(),
                                                   static_cast<Eigen::Index>(values.size()))) {}

Array Array::full(const Shape& shape, double value) {
  check_allocation(shape);
  return Array(shape, Eigen::ArrayXd::Constant(shape.numel(), value));
}

Array Array::arange(int64_t n) { return arange(0.0, static_cast<double>(n)); }

Array Array::arange(double start, double stop, double step) {
  if (step == 0.0 || !std::isfinite(start) || !std::isfinite(stop) || !std::isfinite(step))
    throw Error("arange needs finite bounds and a nonzero step");
  const double count = std::max(0.0, std::ceil((stop - start) / step));
  if (count > 9.0e18) throw Error(fmt::format("arange({}, {}) has too many elements", start, stop));
  const auto n = static_cast<int64_t>(count);
  check_allocation(Shape{n});
  Eigen::ArrayXd values(n);
  for (int64_t i = 0; i < n; ++i) values[i] = start + static_cast<double>(i) * step;
  return Array(Shape{n}, std::move(values));
}

Array Array::vector(std::initializer_list<double> values) {
  return Array(Shape{static_cast<int64_t>(values.size())}, values);
}

Array Array::eye(int64_t n) {
  Array identity = zeros(Shape{n, n});
  for (int64_t i = 0; i < n; ++i) identity.values_[i * n + i] = 1.0;
  return identity;
}

double Array::item() const {
  if (values_.size() != 1)
    throw Error(fmt::format("expected a single value, got an array of shape {}",
                            shape_.to_string()));
  return values_[0];
}

double Array::at(std::initializer_list<int64_t> index) const {
  if (static_cast<int>(index.size()) != rank())
    throw Error(fmt::format("{} indices for an array of shape {}", index.size(),
                            shape_.to_string()));
  const Strides strides = row_major_strides(shape_);
  int64_t offset = 0;
  int axis = 0;
  for (int64_t i : index) {
    const int64_t dim = shape_[axis];
    if (i < -dim || i >= dim)
      throw Error(fmt::format("index {} is out of range for axis {} of size {}", i, axis, dim));
    offset += (i < 0 ? i + dim : i) * strides[axis];
    ++axis;
  }
  return values_[offset];
}

void Array::resize(const Shape& shape) {
  shape_ = shape;
  values_.resize(shape.numel());
}

void Array::set_shape(const Shape& shape) {
  if (shape.numel() != values_.size())
    throw Error(fmt::format("cannot reshape an array of shape {} into shape {}",
                            shape_.to_string(), shape.to_string()));
  shape_ = shape;
}

namespace {

void append_nested(std::string& out, const Array& array, int axis, int64_t offset,
                   const Strides& strides) {
  if (axis == array.rank()) {
    out += fmt::format("{}", array.values()[offset]);
    return;
  }
  out += '[';
  for (int64_t i = 0; i < array.shape()[axis]; ++i) {
    if (i > 0) out += ", ";
    append_nested(out, array, axis + 1, offset + i * strides[axis], strides);
  }
  out += ']';
}

}  // namespace

std::string Array::to_string() const {
  std::string out;
  append_nested(out, *this, 0, 0, row_major_strides(shape_));
  return out;
}

}  // namespace ppl
