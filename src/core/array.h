#pragma once
// ppl::Array: an n-d array of doubles, row-major and contiguous, stored as an
// Eigen::ArrayXd next to its Shape. Integers and booleans are stored as
// doubles too (booleans as 0 and 1).
//
// The operations on arrays live beside this header, one concern per file:
// array_math.h (elementwise, broadcasting), array_reduce.h (sums, maxima,
// cumulative sums), array_layout.h (reshape, transpose, indexing, slicing,
// concatenation), array_linalg.h (matmul, Cholesky, triangular solves).
#include <Eigen/Core>
#include <initializer_list>
#include <string>

#include "core/shape.h"

namespace ppl {

class Array {
 public:
  Array() : shape_{0} {}  // empty, shape [0]
  explicit Array(double scalar);  // rank 0
  Array(const Shape& shape, Eigen::ArrayXd values);  // throws if the sizes differ
  Array(const Shape& shape, std::initializer_list<double> values);

  static Array zeros(const Shape& shape) { return full(shape, 0.0); }
  static Array ones(const Shape& shape) { return full(shape, 1.0); }
  static Array full(const Shape& shape, double value);
  static Array arange(int64_t n);  // [0, 1, ..., n - 1]
  static Array arange(double start, double stop, double step = 1.0);
  static Array vector(std::initializer_list<double> values);  // shape [n]
  static Array eye(int64_t n);  // the n x n identity

  const Shape& shape() const { return shape_; }
  int rank() const { return shape_.rank(); }
  int64_t size() const { return values_.size(); }
  const Eigen::ArrayXd& values() const { return values_; }
  // Writable values; the caller keeps their number equal to shape().numel().
  Eigen::ArrayXd& mutable_values() { return values_; }
  const double* data() const { return values_.data(); }
  double* data() { return values_.data(); }

  // The single value of a one-element array; throws ppl::Error otherwise.
  double item() const;
  // The element at a full multi-index (negative entries count from the end).
  double at(std::initializer_list<int64_t> index) const;

  // Sets shape and values from an Eigen expression of shape.numel() entries.
  // The buffer is reused when the size does not change, so arrays that are
  // refilled on every evaluation (the autodiff tape's) stop allocating.
  template <class Expr>
  void assign(const Shape& shape, const Eigen::ArrayBase<Expr>& values) {
    shape_ = shape;
    values_ = values;
  }
  // Sets the shape, reusing the buffer when the size does not change; the
  // values are then unspecified.
  void resize(const Shape& shape);
  // Same values, new shape of the same number of elements.
  void set_shape(const Shape& shape);

  std::string to_string() const;  // "[[1, 2], [3, 4]]"

 private:
  Shape shape_;
  Eigen::ArrayXd values_;
};

}  // namespace ppl
