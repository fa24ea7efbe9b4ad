// Built-ins along an axis, on the layout of arrays, and that make arrays.
#include <fmt/format.h>

#include <span>
#include <string>

#include "ad/ops.h"
#include "core/broadcast.h"
#include "core/error.h"
#include "dist/distribution.h"
#include "functions/registry.h"

namespace ppl::functions {
namespace {

using ir::default_param;
using ir::optional_param;
using ir::required_param;
using R = ir::ResultRule;

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

void add_along_axis(FunctionList& list) {
  list.push_back({.name = "cumsum",
                  .params = {required_param("x"), optional_param("axis")},
                  .result = R::SameAsFirst,
                  .counts_axes = true,
                  .summary = "cumulative sum along an axis (flattened when absent)",
                  .implementation = [](const BuiltinCall& c) {
                    if (c.given(1)) return ad::cumsum(c.x(), c.axis(1));
                    return ad::cumsum(flatten_program_dims(c.x(), c.leading()), -1);
                  }});
  list.push_back({.name = "softmax",
                  .params = {required_param("x"), default_param("axis", -1)},
                  .result = R::SameAsFirst,
                  .counts_axes = true,
                  .summary = "exp(x) / sum(exp(x)) along an axis",
                  .implementation = [](const BuiltinCall& c) { return ad::softmax(c.x(), c.axis(1)); }});
  list.push_back({.name = "log_softmax",
                  .params = {required_param("x"), default_param("axis", -1)},
                  .result = R::SameAsFirst,
                  .counts_axes = true,
                  .summary = "x - logsumexp(x) along an axis",
                  .implementation = [](const BuiltinCall& c) {
                    return ad::log_softmax(c.x(), c.axis(1));
                  }});
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
                    return ad::take(c.x(), std::span<const int64_t>(reversed.data(), reversed.size()), axis);
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
                    for (int i = c.x().shape().rank() - 1; i >= c.leading(); --i) permutation.push_back(i);
                    return ad::transpose(c.x(), std::span<const int>(permutation.data(), permutation.size()));
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
  list.push_back({.name = "zeros",
                  .params = {required_param("shape")},
                  .result = R::NewArray,
                  .summary = "an array of zeros of the given shape",
                  .implementation = [](const BuiltinCall& c) {
                    return c.tape().constant(Array::zeros(shape_of(c.x())));
                  }});
  list.push_back({.name = "ones",
                  .params = {required_param("shape")},
                  .result = R::NewArray,
                  .summary = "an array of ones of the given shape",
                  .implementation = [](const BuiltinCall& c) {
                    return c.tape().constant(Array::ones(shape_of(c.x())));
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
                      throw Error(fmt::format("full: a value of shape {} does not fill the shape {}",
                                              c.arg(1).shape().to_string(), shape.to_string()));
                    return filled;
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
