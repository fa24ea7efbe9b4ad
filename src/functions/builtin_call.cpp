#include "functions/builtin_call.h"

#include <fmt/format.h>

#include <cmath>

#include "ad/ops.h"
#include "core/error.h"

namespace ppl::functions {

int BuiltinCall::axis(size_t i) const {
  return program_axis(axis_of(args[i]), leading(), x().shape().rank());
}

ad::Var read_as_constant(const ad::Var& v) { return v.tape().read_as_constant(v); }

int axis_of(const std::optional<ad::Var>& axis) {
  double a = read_as_constant(*axis).item();
  if (a != std::floor(a)) throw Error(fmt::format("axis must be an integer, got {}", a));
  // Arrays have at most kMaxRank dims; a larger axis must not wrap as an int.
  if (std::abs(a) > 64) throw Error(fmt::format("axis {} is out of range", a));
  return static_cast<int>(a);
}

int program_axis(int axis, int leading, int actual_rank) {
  int rank = actual_rank - leading;
  if (axis >= rank || axis < -rank)
    throw Error(fmt::format("axis {} is out of range for a value of rank {}", axis, rank));
  return axis >= 0 ? axis + leading : axis;
}

Shape leading_shape(const Shape& shape, int leading) {
  Shape out;
  for (int i = 0; i < leading; ++i) out.push_back(shape[i]);
  return out;
}

ad::Var flatten_program_dims(const ad::Var& x, int leading) {
  Shape shape = leading_shape(x.shape(), leading);
  int64_t n = 1;
  for (int i = leading; i < x.shape().rank(); ++i) n *= x.shape()[i];
  shape.push_back(n);
  return ad::reshape(x, shape);
}

Shape shape_of(const ad::Var& v) {
  read_as_constant(v);
  Shape shape;
  for (int64_t i = 0; i < v.value().size(); ++i) {
    double n = v.value().values()[i];
    if (n < 0 || n != std::floor(n))
      throw Error(fmt::format("a shape needs non-negative integers, got {}", n));
    shape.push_back(static_cast<int64_t>(n));
  }
  return shape;
}

ad::Var constant_only(const char* name, const ad::Var& x, Array value) {
  if (x.tape().needs_gradient(x.index()))
    throw Error(fmt::format("{} has no derivative here; it can only be applied to data and "
                            "constants", name));
  return x.tape().constant(value);
}

Array map_array(const Array& a, double (*f)(double)) {
  Eigen::ArrayXd out = a.values().unaryExpr(f);
  return Array(a.shape(), out);
}

}  // namespace ppl::functions
