// Built-ins along an axis, on the layout of arrays, and that make arrays.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "ad/ops.h"
#include "core/array_layout.h"
#include "core/broadcast.h"
#include "core/error.h"
#include "dist/distribution.h"
#include "functions/registry.h"

namespace ppl::functions {
namespace {

// cumsum and cumprod: along the given axis, or over the flattened array.
template <ad::Var (*Along)(ad::Var, int)>
ad::Var cumulative(const BuiltinCall& c) {
  if (c.given(1)) return Along(c.x(), c.axis(1));
  return Along(flatten_program_dims(c.x(), c.leading()), -1);
}

// stack and concat: the arrays are the first argument and those after the
// axis; one array alone is a sequence along its first axis, as in NumPy.
// Arrays with different leading dims (draws on some, not on others) are
// broadcast on those dims only; their own dims must agree.
ad::Var join_arrays(bool stack, const BuiltinCall& c) {
  const char* name = stack ? "stack" : "concat";
  std::vector<ad::Var> parts{c.x()};
  for (size_t i = 2; i < c.args.size(); ++i) parts.push_back(c.arg(i));
  int part_rank = c.context.operand_rank;  // the program's rank of each array
  if (parts.size() == 1) {
    ad::Var sequence = parts[0];
    int first = c.leading();
    if (sequence.shape().rank() <= first)
      throw Error(fmt::format("{} of one array needs an array of arrays, got a scalar", name));
    parts.clear();
    for (int64_t i = 0; i < sequence.shape()[first]; ++i) {
      if (first == 0) {
        parts.push_back(ad::index(sequence, i));
      } else {
        int64_t one[] = {i};
        ad::Var taken = ad::take(sequence, std::span<const int64_t>(one, 1), first);
        Shape dropped;
        for (int d = 0; d < taken.shape().rank(); ++d)
          if (d != first) dropped.push_back(taken.shape()[d]);
        parts.push_back(ad::reshape(taken, dropped));
      }
    }
    if (parts.empty()) throw Error(fmt::format("{} of an empty sequence", name));
    if (part_rank >= 0) --part_rank;
  }
  if (part_rank < 0) part_rank = parts[0].shape().rank() - c.leading();
  // Leading dims broadcast together; the program's dims stay as they are.
  Shape leading;
  for (const ad::Var& p : parts) {
    int lead = p.shape().rank() - part_rank;
    if (lead < 0) throw Error(fmt::format("{}: the arrays have different ranks", name));
    leading = broadcast_shapes(leading, leading_shape(p.shape(), lead));
  }
  for (ad::Var& p : parts) {
    int lead = p.shape().rank() - part_rank;
    Shape full = leading;
    for (int d = lead; d < p.shape().rank(); ++d) full.push_back(p.shape()[d]);
    if (!(full == p.shape())) p = dist::broadcast_var(p, full);
  }
  int result_rank = stack ? part_rank + 1 : part_rank;
  int axis = axis_of(c.args[1]);
  if (axis >= result_rank || axis < -result_rank)
    throw Error(fmt::format("axis {} is out of range for a result of rank {}", axis, result_rank));
  int negative = axis >= 0 ? axis - result_rank : axis;
  std::span<const ad::Var> view(parts.data(), parts.size());
  return stack ? ad::stack(view, negative) : ad::concat(view, negative);
}

// x[..., start:stop, ...] on a positive `axis`.
ad::Var slice_axis(const ad::Var& x, int axis, int64_t start, int64_t stop) {
  std::vector<SliceRange> ranges(axis + 1);
  ranges[axis] = {start, stop};
  return ad::slice(x, ranges);
}

// The program's rank of the first argument.
int program_rank(const BuiltinCall& c) { return c.x().shape().rank() - c.leading(); }

// A whole number read from a constant argument.
int64_t whole_number(const ad::Var& v, const char* name, const char* what) {
  const double n = read_as_constant(v).item();
  if (n < 0 || n != std::floor(n) || n > 1e12)
    throw Error(fmt::format("{}: {} must be a whole number >= 0, got {}", name, what, n));
  return static_cast<int64_t>(n);
}

// Each element along `axis` taken `counts[i]` times in a row.
ad::Var repeat_along(const ad::Var& x, int axis, const std::vector<int64_t>& counts) {
  std::vector<int64_t> indices;
  for (size_t i = 0; i < counts.size(); ++i)
    indices.insert(indices.end(), counts[i], static_cast<int64_t>(i));
  return ad::take(x, std::span<const int64_t>(indices), axis);
}

void add_along_axis(FunctionList& list) {
  list.push_back({.name = "diff",
                  .params = {required_param("x"), default_param("n", 1), default_param("axis", -1)},
                  .counts_axes = true,
                  .summary = "the n-th differences x[i + 1] - x[i] along an axis",
                  .implementation = [](const BuiltinCall& c) {
                    int axis = c.axis(2);
                    if (axis < 0) axis += c.x().shape().rank();
                    ad::Var x = c.x();
                    for (int64_t k = whole_number(c.arg(1), "diff", "n"); k > 0; --k) {
                      const int64_t length = x.shape()[axis];
                      if (length == 0) break;
                      x = slice_axis(x, axis, 1, length) - slice_axis(x, axis, 0, length - 1);
                    }
                    return x;
                  }});
  list.push_back(
      {.name = "repeat",
       .params = {required_param("x"), required_param("repeats"), optional_param("axis")},
       .counts_axes = true,
       .summary = "each element repeated (along an axis, or of the flattened x)",
       .implementation = [](const BuiltinCall& c) {
         ad::Var x = c.given(2) ? c.x() : flatten_program_dims(c.x(), c.leading());
         int axis = c.given(2) ? c.axis(2) : x.shape().rank() - 1;
         if (axis < 0) axis += x.shape().rank();
         const Array& r = read_as_constant(c.arg(1)).value();
         const int64_t length = x.shape()[axis];
         if (r.size() != 1 && r.size() != length)
           throw Error(
               fmt::format("repeat: repeats has {} entries for an axis of {}", r.size(), length));
         std::vector<int64_t> counts(length);
         for (int64_t i = 0; i < length; ++i) {
           const double n = r.values()[r.size() == 1 ? 0 : i];
           if (n < 0 || n != std::floor(n))
             throw Error(fmt::format("repeat: repeats must be whole numbers >= 0, got {}", n));
           counts[i] = static_cast<int64_t>(n);
         }
         return repeat_along(x, axis, counts);
       }});
  list.push_back({.name = "cumsum",
                  .params = {required_param("x"), optional_param("axis")},
                  .result = R::SameAsFirst,
                  .counts_axes = true,
                  .summary = "cumulative sum along an axis (flattened when absent)",
                  .implementation = cumulative<ad::cumsum>});
  list.push_back({.name = "cumprod",
                  .params = {required_param("x"), optional_param("axis")},
                  .result = R::SameAsFirst,
                  .counts_axes = true,
                  .summary = "cumulative product along an axis (flattened when absent)",
                  .implementation = cumulative<ad::cumprod>});
  list.push_back(
      {.name = "softmax",
       .params = {required_param("x"), default_param("axis", -1)},
       .result = R::SameAsFirst,
       .counts_axes = true,
       .summary = "exp(x) / sum(exp(x)) along an axis",
       .implementation = [](const BuiltinCall& c) { return ad::softmax(c.x(), c.axis(1)); }});
  list.push_back(
      {.name = "log_softmax",
       .params = {required_param("x"), default_param("axis", -1)},
       .result = R::SameAsFirst,
       .counts_axes = true,
       .summary = "x - logsumexp(x) along an axis",
       .implementation = [](const BuiltinCall& c) { return ad::log_softmax(c.x(), c.axis(1)); }});
  list.push_back({.name = "flip",
                  .params = {required_param("x"), default_param("axis", 0)},
                  .result = R::SameAsFirst,
                  .counts_axes = true,
                  .summary = "reverses the order along an axis",
                  .implementation = [](const BuiltinCall& c) {
                    int axis = c.axis(1);
                    if (axis < 0) axis += c.x().shape().rank();
                    std::vector<int64_t> reversed(c.x().shape()[axis]);
                    for (size_t i = 0; i < reversed.size(); ++i)
                      reversed[i] = static_cast<int64_t>(reversed.size() - 1 - i);
                    return ad::take(
                        c.x(), std::span<const int64_t>(reversed.data(), reversed.size()), axis);
                  }});
}

void add_layout(FunctionList& list) {
  list.push_back({.name = "transpose",
                  .params = {required_param("x")},
                  .counts_axes = true,
                  .summary = "reverses the axes (the matrix transpose for 2-d)",
                  .implementation = [](const BuiltinCall& c) {
                    if (c.leading() == 0) return ad::transpose(c.x());
                    std::vector<int> permutation;
                    for (int i = 0; i < c.leading(); ++i) permutation.push_back(i);
                    for (int i = c.x().shape().rank() - 1; i >= c.leading(); --i)
                      permutation.push_back(i);
                    return ad::transpose(
                        c.x(), std::span<const int>(permutation.data(), permutation.size()));
                  }});
  list.push_back({.name = "reshape",
                  .params = {required_param("x"), required_param("shape")},
                  .result = R::NewArray,
                  .counts_axes = true,
                  .summary = "the same elements in a new shape",
                  .implementation = [](const BuiltinCall& c) {
                    Shape shape = leading_shape(c.x().shape(), c.leading());
                    for (int64_t d : shape_of(c.arg(1))) shape.push_back(d);
                    return ad::reshape(c.x(), shape);
                  }});
  list.push_back({.name = "expand_dims",
                  .params = {required_param("x"), required_param("axis")},
                  .counts_axes = true,
                  .summary = "x with a new axis of length 1 at the given position",
                  .implementation = [](const BuiltinCall& c) {
                    const int rank = program_rank(c);
                    int axis = axis_of(c.args[1]);
                    if (axis > rank || axis < -rank - 1)
                      throw Error(fmt::format("axis {} is out of range for a result of rank {}",
                                              axis, rank + 1));
                    if (axis < 0) axis += rank + 1;
                    Shape shape = leading_shape(c.x().shape(), c.leading());
                    for (int d = 0; d <= rank; ++d) {
                      if (d == axis) shape.push_back(1);
                      if (d < rank) shape.push_back(c.x().shape()[c.leading() + d]);
                    }
                    return ad::reshape(c.x(), shape);
                  }});
  list.push_back({.name = "squeeze",
                  .params = {required_param("x"), optional_param("axis")},
                  .counts_axes = true,
                  .summary = "x without its axes of length 1 (or without the given one)",
                  .implementation = [](const BuiltinCall& c) {
                    const Shape& shape = c.x().shape();
                    int only = -1;
                    if (c.given(1)) {
                      only = c.axis(1);
                      if (only < 0) only += shape.rank();
                      if (shape[only] != 1)
                        throw Error(fmt::format("squeeze: axis {} has length {}, not 1",
                                                only - c.leading(), shape[only]));
                    }
                    Shape out = leading_shape(shape, c.leading());
                    for (int d = c.leading(); d < shape.rank(); ++d)
                      if (shape[d] != 1 || (only >= 0 && d != only)) out.push_back(shape[d]);
                    return ad::reshape(c.x(), out);
                  }});
  list.push_back({.name = "tile",
                  .params = {required_param("x"), required_param("reps")},
                  .counts_axes = true,
                  .summary = "x repeated reps[k] times along axis k (NumPy's tile)",
                  .implementation = [](const BuiltinCall& c) {
                    const Array& reps = read_as_constant(c.arg(1)).value();
                    const int rank = program_rank(c);
                    const int count = static_cast<int>(reps.size());
                    const int result_rank = std::max(rank, count);
                    // x promoted to the result's rank with 1s on the left.
                    Shape promoted = leading_shape(c.x().shape(), c.leading());
                    for (int d = rank; d < result_rank; ++d) promoted.push_back(1);
                    for (int d = 0; d < rank; ++d)
                      promoted.push_back(c.x().shape()[c.leading() + d]);
                    ad::Var x = ad::reshape(c.x(), promoted);
                    for (int k = 0; k < count; ++k) {
                      const double r = reps.values()[k];
                      if (r < 0 || r != std::floor(r))
                        throw Error(
                            fmt::format("tile: reps must be whole numbers >= 0, got {}", r));
                      const int axis = c.leading() + result_rank - count + k;
                      const int64_t length = x.shape()[axis];
                      std::vector<int64_t> indices;
                      for (int64_t copy = 0; copy < static_cast<int64_t>(r); ++copy)
                        for (int64_t i = 0; i < length; ++i) indices.push_back(i);
                      x = ad::take(x, std::span<const int64_t>(indices), axis);
                    }
                    return x;
                  }});
  list.push_back({.name = "concat",
                  .params = {required_param("arrays"), default_param("axis", 0)},
                  .variadic = true,
                  .counts_axes = true,
                  .summary = "joins arrays along an existing axis",
                  .implementation = [](const BuiltinCall& c) { return join_arrays(false, c); }});
  list.push_back({.name = "stack",
                  .params = {required_param("arrays"), default_param("axis", 0)},
                  .variadic = true,
                  .counts_axes = true,
                  .summary = "joins arrays along a new axis",
                  .implementation = [](const BuiltinCall& c) { return join_arrays(true, c); }});
}

void add_constructors(FunctionList& list) {
  for (const bool one : {false, true})
    list.push_back({.name = one ? "ones" : "zeros",
                    .params = {required_param("shape")},
                    .result = R::NewArray,
                    .summary = one ? "an array of ones of the given shape"
                                   : "an array of zeros of the given shape",
                    .implementation = [one](const BuiltinCall& c) {
                      return c.tape().constant(Array::full(shape_of(c.x()), one ? 1.0 : 0.0));
                    }});
  // The value may depend on latent sites: it is broadcast, not read as a number.
  list.push_back({.name = "full",
                  .params = {required_param("shape"), required_param("value")},
                  .result = R::NewArray,
                  .summary = "an array of the given shape filled with value",
                  .implementation = [](const BuiltinCall& c) {
                    const Shape shape = shape_of(c.x());
                    ad::Var filled = c.arg(1) + c.tape().constant(Array::zeros(shape));
                    if (!(filled.shape() == shape))
                      throw Error(
                          fmt::format("full: a value of shape {} does not fill the shape {}",
                                      c.arg(1).shape().to_string(), shape.to_string()));
                    return filled;
                  }});
  for (const bool one : {false, true})
    list.push_back({.name = one ? "ones_like" : "zeros_like",
                    .params = {required_param("x")},
                    .result = R::SameAsFirst,
                    .summary = one ? "ones of x's shape" : "zeros of x's shape",
                    .implementation = [one](const BuiltinCall& c) {
                      return c.tape().constant(Array::full(c.x().shape(), one ? 1.0 : 0.0));
                    }});
  list.push_back({.name = "full_like",
                  .params = {required_param("x"), required_param("fill_value")},
                  .result = R::SameAsFirst,
                  .summary = "fill_value broadcast to x's shape",
                  .implementation = [](const BuiltinCall& c) {
                    return c.arg(1) + c.tape().constant(Array::zeros(c.x().shape()));
                  }});
  list.push_back(
      {.name = "linspace",
       .params = {required_param("start"), required_param("stop"), default_param("num", 50)},
       .result = R::NewArray,
       .summary = "num evenly spaced numbers from start to stop, both included",
       .implementation = [](const BuiltinCall& c) {
         const double start = read_as_constant(c.arg(0)).item();
         const double stop = read_as_constant(c.arg(1)).item();
         const int64_t n = whole_number(c.arg(2), "linspace", "num");
         Eigen::ArrayXd values(n);
         const double step = n > 1 ? (stop - start) / static_cast<double>(n - 1) : 0.0;
         for (int64_t i = 0; i < n; ++i) values[i] = start + step * static_cast<double>(i);
         if (n > 1) values[n - 1] = stop;
         return c.tape().constant(Array(Shape{n}, std::move(values)));
       }});
  list.push_back({.name = "eye",
                  .params = {required_param("n")},
                  .result = R::NewArray,
                  .summary = "the n x n identity",
                  .implementation = [](const BuiltinCall& c) {
                    return c.tape().constant(
                        Array::eye(static_cast<int64_t>(read_as_constant(c.x()).item())));
                  }});
  list.push_back({.name = "arange",
                  .params = {required_param("start"), optional_param("stop")},
                  .result = R::NewArray,
                  .integer_result = true,
                  .summary = "integers start, start + 1, ..., stop - 1 (or 0..start-1)",
                  .implementation = [](const BuiltinCall& c) {
                    if (c.given(1))
                      return c.tape().constant(Array::arange(read_as_constant(c.x()).item(),
                                                             read_as_constant(c.arg(1)).item()));
                    return c.tape().constant(
                        Array::arange(static_cast<int64_t>(read_as_constant(c.x()).item())));
                  }});
  list.push_back({.name = "size",
                  .params = {required_param("x"), optional_param("axis")},
                  .result = R::Scalar,
                  .integer_result = true,
                  .counts_axes = true,
                  .summary = "number of elements, or the length of one axis",
                  .implementation = [](const BuiltinCall& c) {
                    if (c.given(1)) {
                      int axis = c.axis(1);
                      if (axis < 0) axis += c.x().shape().rank();
                      return c.tape().constant(static_cast<double>(c.x().shape()[axis]));
                    }
                    int64_t n = 1;
                    for (int i = c.leading(); i < c.x().shape().rank(); ++i) n *= c.x().shape()[i];
                    return c.tape().constant(static_cast<double>(n));
                  }});
  list.push_back({.name = "shape",
                  .params = {required_param("x")},
                  .integer_result = true,
                  .counts_axes = true,
                  .summary = "the shape as an integer vector",
                  .implementation = [](const BuiltinCall& c) {
                    int rank = c.x().shape().rank() - c.leading();
                    Eigen::ArrayXd dims(rank);
                    for (int i = 0; i < rank; ++i)
                      dims[i] = static_cast<double>(c.x().shape()[c.leading() + i]);
                    return c.tape().constant(Array(Shape{rank}, dims));
                  }});
}

}  // namespace

void add_array_functions(FunctionList& list) {
  add_along_axis(list);
  add_layout(list);
  add_constructors(list);
}

}  // namespace ppl::functions
