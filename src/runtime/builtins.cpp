#include "runtime/builtins.h"

#include <fmt/format.h>

#include <cmath>
#include <numeric>

#include "ad/ops.h"
#include "core/array_layout.h"
#include "core/array_math.h"
#include "core/error.h"
#include "core/samplers.h"
#include "dist/distribution.h"

namespace ppl::runtime {
namespace {

// Values that carry no gradient: comparisons, integer results.
bool needs_no_gradient(const ad::Var& v) { return !v.tape().needs_gradient(v.index()); }

// `v` read as a plain number (a shape, a mask, a count).
ad::Var read_as_constant(const ad::Var& v) { return v.tape().read_as_constant(v); }

int axis_of(const std::optional<ad::Var>& axis) {
  double a = read_as_constant(*axis).item();
  if (a != std::floor(a)) throw Error(fmt::format("axis must be an integer, got {}", a));
  // Arrays have at most kMaxRank dims; a larger axis must not wrap as an int.
  if (std::abs(a) > 64) throw Error(fmt::format("axis {} is out of range", a));
  return static_cast<int>(a);
}

// A program's axis on a value with `leading` dims of draws or particles
// on its left: positive axes count past them; both signs are checked
// against the program's rank.
int program_axis(int axis, int leading, int actual_rank) {
  int rank = actual_rank - leading;
  if (axis >= rank || axis < -rank)
    throw Error(fmt::format("axis {} is out of range for a value of rank {}", axis,
                            actual_rank - leading));
  return axis >= 0 ? axis + leading : axis;
}

// The leading dims (draws or particles) of a value.
Shape leading_shape(const Shape& shape, int leading) {
  Shape out;
  for (int i = 0; i < leading; ++i) out.push_back(shape[i]);
  return out;
}

// The program's dims of `x` flattened into one last axis, so that a
// reduction over everything becomes one over axis -1 and leaves the leading
// dims alone.
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
    if (n < 0 || n != std::floor(n)) throw Error(fmt::format("a shape needs non-negative integers, got {}", n));
    shape.push_back(static_cast<int64_t>(n));
  }
  return shape;
}

ad::Var constant_only(const char* name, const ad::Var& x, Array value) {
  if (!needs_no_gradient(x))
    throw Error(fmt::format("{} has no derivative here; it can only be applied to data and "
                            "constants", name));
  return x.tape().constant(value);
}

Array map_array(const Array& a, double (*f)(double)) {
  Eigen::ArrayXd out = a.values().unaryExpr(f);
  return Array(a.shape(), out);
}

// stack and concat: the arrays are the first argument and those after the
// axis; one array alone is a sequence along its first axis, as in NumPy.
// Arrays with different leading dims (draws on some, not on others) are
// broadcast on those dims only; their own dims must agree.
ad::Var join_arrays(const std::string& name, const std::vector<std::optional<ad::Var>>& args,
                    const BuiltinContext& context) {
  const bool stack = name == "stack";
  std::vector<ad::Var> parts{*args[0]};
  for (size_t i = 2; i < args.size(); ++i) parts.push_back(*args[i]);
  int part_rank = context.operand_rank;  // the program's rank of each array
  if (parts.size() == 1) {
    ad::Var sequence = parts[0];
    int first = context.leading_dims;
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
  if (part_rank < 0) part_rank = parts[0].shape().rank() - context.leading_dims;
  // Leading dims broadcast together; the program's dims stay as they are.
  Shape leading;
  for (const ad::Var& p : parts) {
    int lead = p.shape().rank() - part_rank;
    if (lead < 0)
      throw Error(fmt::format("{}: the arrays have different ranks", name));
    leading = broadcast_shapes(leading, leading_shape(p.shape(), lead));
  }
  for (ad::Var& p : parts) {
    int lead = p.shape().rank() - part_rank;
    Shape full = leading;
    for (int d = lead; d < p.shape().rank(); ++d) full.push_back(p.shape()[d]);
    if (!(full == p.shape())) p = dist::broadcast_var(p, full);
  }
  int result_rank = stack ? part_rank + 1 : part_rank;
  int axis = axis_of(args[1]);
  if (axis >= result_rank || axis < -result_rank)
    throw Error(fmt::format("axis {} is out of range for a result of rank {}", axis, result_rank));
  int negative = axis >= 0 ? axis - result_rank : axis;
  std::span<const ad::Var> view(parts.data(), parts.size());
  return stack ? ad::stack(view, negative) : ad::concat(view, negative);
}

}  // namespace

bool counts_axes(const ir::FunctionSpec& spec) {
  static const char* const kNames[] = {"cumsum", "softmax", "log_softmax", "flip", "dot",
                                       "transpose", "reshape", "concat", "stack", "size", "shape"};
  if (spec.result == ir::ResultRule::Reduction) return true;
  for (const char* n : kNames)
    if (spec.name == n) return true;
  return false;
}

Array logical_not(const Array& a) {
  Eigen::ArrayXd out = (a.values() == 0.0).cast<double>();
  return Array(a.shape(), out);
}

ad::Var binary_operation(ir::BinaryOp op, ad::Var a, ad::Var b) {
  ad::Tape& tape = a.tape();
  switch (op) {
    case ir::BinaryOp::Add: return a + b;
    case ir::BinaryOp::Subtract: return a - b;
    case ir::BinaryOp::Multiply: return a * b;
    case ir::BinaryOp::Divide: return a / b;
    case ir::BinaryOp::Power: return ad::pow(a, b);
    case ir::BinaryOp::MatMul: return ad::matmul(a, b);
    default: break;
  }
  // The rest compute constants from the operands' values.
  read_as_constant(a);
  read_as_constant(b);
  switch (op) {
    case ir::BinaryOp::Modulo: {
      Shape shape = broadcast_shapes(a.shape(), b.shape());
      Array x = broadcast_to(a.value(), shape), y = broadcast_to(b.value(), shape);
      Eigen::ArrayXd out = x.values() - y.values() * (x.values() / y.values()).floor();
      return constant_only("%", a, Array(shape, out));
    }
    case ir::BinaryOp::Less: return tape.constant(less(a.value(), b.value()));
    case ir::BinaryOp::LessEqual: return tape.constant(less_equal(a.value(), b.value()));
    case ir::BinaryOp::Greater: return tape.constant(greater(a.value(), b.value()));
    case ir::BinaryOp::GreaterEqual: return tape.constant(greater_equal(a.value(), b.value()));
    case ir::BinaryOp::Equal:
    case ir::BinaryOp::NotEqual: {
      Shape shape = broadcast_shapes(a.shape(), b.shape());
      Array x = broadcast_to(a.value(), shape), y = broadcast_to(b.value(), shape);
      Eigen::ArrayXd out;
      if (op == ir::BinaryOp::Equal) out = (x.values() == y.values()).cast<double>();
      else out = (x.values() != y.values()).cast<double>();
      return tape.constant(Array(shape, out));
    }
    case ir::BinaryOp::And:
    case ir::BinaryOp::Or: {
      Shape shape = broadcast_shapes(a.shape(), b.shape());
      Array x = broadcast_to(a.value(), shape), y = broadcast_to(b.value(), shape);
      Eigen::ArrayXd out(shape.numel());
      for (Eigen::Index i = 0; i < out.size(); ++i) {
        bool p = x.values()[i] != 0, q = y.values()[i] != 0;
        out[i] = (op == ir::BinaryOp::And ? (p && q) : (p || q)) ? 1.0 : 0.0;
      }
      return tape.constant(Array(shape, out));
    }
    default: break;
  }
  throw Error("unknown operator");
}

Array subsample_indices(RandomKey key, int64_t n, int64_t m) {
  // A partial Fisher-Yates shuffle of 0..n-1.
  std::vector<int64_t> pool(n);
  std::iota(pool.begin(), pool.end(), 0);
  RandomStream stream(key);
  Eigen::ArrayXd chosen(m);
  for (int64_t i = 0; i < m; ++i) {
    int64_t j = i + static_cast<int64_t>(stream.uniform() * static_cast<double>(n - i));
    j = std::min(j, n - 1);
    std::swap(pool[i], pool[j]);
    chosen[i] = static_cast<double>(pool[i]);
  }
  return Array(Shape{m}, chosen);
}

ad::Var apply_index(ad::Var a, const std::vector<IndexPart>& parts, int first_axis) {
  int axis = first_axis;
  for (const IndexPart& part : parts) {
    if (axis >= a.shape().rank())
      throw Error(fmt::format("too many indices for a value of shape {}", a.shape().to_string()));
    if (part.is_slice) {
      std::vector<SliceRange> ranges(axis + 1);
      ranges[axis].start = part.low.value_or(0);
      ranges[axis].stop = part.high.value_or(SliceRange::kEnd);
      a = ad::slice(a, ranges);
      ++axis;
      continue;
    }
    const Array& index = part.index->value();
    if (index.rank() == 0) {
      int64_t length = a.shape()[axis];
      double raw = index.item();
      int64_t i = static_cast<int64_t>(raw);
      if (raw != std::floor(raw)) throw Error(fmt::format("an index must be an integer, got {}", raw));
      if (i < 0) i += length;
      if (i < 0 || i >= length)
        throw Error(fmt::format("index {} is out of range for axis {} of size {}",
                                static_cast<int64_t>(raw), axis - first_axis, length));
      if (axis == 0) {
        a = ad::index(a, i);
      } else {
        int64_t one[] = {i};
        a = ad::take(a, std::span<const int64_t>(one, 1), axis);
        Shape dropped;
        for (int d = 0; d < a.shape().rank(); ++d)
          if (d != axis) dropped.push_back(a.shape()[d]);
        a = ad::reshape(a, dropped);
      }
      continue;
    }
    a = ad::take(a, index, axis);
    axis += index.rank();
  }
  return a;
}

ad::Var call_builtin_function(const ir::FunctionSpec& spec,
                              const std::vector<std::optional<ad::Var>>& args,
                              BuiltinContext& context) {
  ad::Tape& tape = context.tape;
  const std::string& name = spec.name;
  auto x = [&]() { return *args[0]; };
  // Elementwise functions of one argument.
  if (name == "exp") return ad::exp(x());
  if (name == "log") return ad::log(x());
  if (name == "log1p") return ad::log1p(x());
  if (name == "expm1") return ad::expm1(x());
  if (name == "sqrt") return ad::sqrt(x());
  if (name == "abs") return ad::abs(x());
  if (name == "square") return ad::square(x());
  if (name == "tanh") return ad::tanh(x());
  if (name == "sigmoid") return ad::sigmoid(x());
  if (name == "logit") return ad::log(x()) - ad::log1p(-x());
  if (name == "softplus") return ad::softplus(x());
  if (name == "relu") return ad::relu(x());
  if (name == "lgamma") return ad::lgamma(x());
  if (name == "digamma") return ad::digamma(x());
  if (name == "sin") return constant_only("sin", x(), map_array(x().value(), [](double v) { return std::sin(v); }));
  if (name == "cos") return constant_only("cos", x(), map_array(x().value(), [](double v) { return std::cos(v); }));
  if (name == "floor") return constant_only("floor", x(), map_array(x().value(), [](double v) { return std::floor(v); }));
  if (name == "pow") return ad::pow(*args[0], *args[1]);
  if (name == "where") return ad::where(*args[0], *args[1], *args[2]);
  if (name == "minimum" || name == "maximum" || name == "clip") {
    for (const auto& arg : args)
      if (arg) read_as_constant(*arg);
  }
  if (name == "minimum") return ad::where(tape.constant(less(args[0]->value(), args[1]->value())), *args[0], *args[1]);
  if (name == "maximum") return ad::where(tape.constant(greater(args[0]->value(), args[1]->value())), *args[0], *args[1]);
  if (name == "clip") {
    ad::Var low = ad::where(tape.constant(less(x().value(), args[1]->value())), *args[1], x());
    return ad::where(tape.constant(greater(low.value(), args[2]->value())), *args[2], low);
  }
  const int leading = context.leading_dims;
  // The program's axis given as argument `i`.
  auto axis_arg = [&](size_t i) { return program_axis(axis_of(args[i]), leading, x().shape().rank()); };
  // Reductions over an axis, or everything.
  bool has_axis = args.size() > 1 && args[1].has_value();
  if (spec.result == ir::ResultRule::Reduction) {
    // Over everything with leading dims: over the program's dims, flattened.
    ad::Var operand = has_axis || leading == 0 ? x() : flatten_program_dims(x(), leading);
    bool along = has_axis || leading > 0;
    int axis = has_axis ? axis_arg(1) : -1;
    if (name == "sum") return along ? ad::sum(operand, axis) : ad::sum(operand);
    if (name == "mean") return along ? ad::mean(operand, axis) : ad::mean(operand);
    if (name == "prod") return along ? ad::prod(operand, axis) : ad::prod(operand);
    if (name == "min") return along ? ad::min(operand, axis) : ad::min(operand);
    if (name == "max") return along ? ad::max(operand, axis) : ad::max(operand);
    if (name == "logsumexp") return along ? ad::logsumexp(operand, axis) : ad::logsumexp(operand);
    if (name == "var" || name == "std") {
      ad::Var centered = along ? operand - ad::mean(operand, axis, true) : operand - ad::mean(operand);
      ad::Var variance = along ? ad::mean(ad::square(centered), axis) : ad::mean(ad::square(centered));
      return name == "var" ? variance : ad::sqrt(variance);
    }
  }
  if (name == "cumsum") {
    if (has_axis) return ad::cumsum(x(), axis_arg(1));
    return ad::cumsum(flatten_program_dims(x(), leading), -1);
  }
  if (name == "softmax") return ad::softmax(x(), axis_arg(1));
  if (name == "log_softmax") return ad::log_softmax(x(), axis_arg(1));
  if (name == "flip") {
    int axis = axis_arg(1);
    if (axis < 0) axis += x().shape().rank();
    std::vector<int64_t> reversed(x().shape()[axis]);
    for (size_t i = 0; i < reversed.size(); ++i) reversed[i] = static_cast<int64_t>(reversed.size() - 1 - i);
    return ad::take(x(), std::span<const int64_t>(reversed.data(), reversed.size()), axis);
  }
  if (name == "dot") {
    if (leading > 0 || (args[1] && args[1]->shape().rank() > x().shape().rank()))
      throw Error("dot of values with draws or particles on the left is not vectorized");
    return ad::dot(*args[0], *args[1]);
  }
  if (name == "transpose") {
    if (leading == 0) return ad::transpose(x());
    std::vector<int> permutation;
    for (int i = 0; i < leading; ++i) permutation.push_back(i);
    for (int i = x().shape().rank() - 1; i >= leading; --i) permutation.push_back(i);
    return ad::transpose(x(), std::span<const int>(permutation.data(), permutation.size()));
  }
  if (name == "reshape") {
    Shape shape = leading_shape(x().shape(), leading);
    for (int64_t d : shape_of(*args[1])) shape.push_back(d);
    return ad::reshape(x(), shape);
  }
  if (name == "concat" || name == "stack") return join_arrays(name, args, context);
  if (name == "zeros") return tape.constant(Array::zeros(shape_of(x())));
  if (name == "ones") return tape.constant(Array::ones(shape_of(x())));
  if (name == "full")
    return tape.constant(Array::full(shape_of(x()), read_as_constant(*args[1]).item()));
  if (name == "eye")
    return tape.constant(Array::eye(static_cast<int64_t>(read_as_constant(x()).item())));
  if (name == "arange") {
    if (args[1])
      return tape.constant(
          Array::arange(read_as_constant(x()).item(), read_as_constant(*args[1]).item()));
    return tape.constant(Array::arange(static_cast<int64_t>(read_as_constant(x()).item())));
  }
  if (name == "size") {
    if (has_axis) {
      int axis = axis_arg(1);
      if (axis < 0) axis += x().shape().rank();
      return tape.constant(static_cast<double>(x().shape()[axis]));
    }
    int64_t n = 1;
    for (int i = leading; i < x().shape().rank(); ++i) n *= x().shape()[i];
    return tape.constant(static_cast<double>(n));
  }
  if (name == "shape") {
    int rank = x().shape().rank() - leading;
    Eigen::ArrayXd dims(rank);
    for (int i = 0; i < rank; ++i) dims[i] = static_cast<double>(x().shape()[leading + i]);
    return tape.constant(Array(Shape{rank}, dims));
  }
  if (name == "cholesky") return ad::cholesky(x());
  if (name == "triangular_solve") return ad::solve_lower_triangular(*args[0], *args[1]);
  if (name == "log_det") return ad::log_det_spd(x());
  if (name == "init_normal" || name == "init_uniform") {
    Shape shape = shape_of(x());
    Eigen::ArrayXd values =
        name == "init_normal"
            ? sample(context.init_key, NormalSampler(0.0, args[1]->item()), shape.numel())
            : sample(context.init_key, UniformSampler(args[1]->item(), args[2]->item()), shape.numel());
    return tape.constant(Array(shape, values));
  }
  throw Error(fmt::format("the built-in '{}' is not implemented", name));
}

}  // namespace ppl::runtime
