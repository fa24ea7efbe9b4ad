#include "runtime/builtins.h"

#include <fmt/format.h>

#include <cmath>
#include <numeric>

#include "ad/ops.h"
#include "core/array_layout.h"
#include "core/array_math.h"
#include "core/error.h"
#include "core/samplers.h"

namespace ppl::runtime {
namespace {

// Values that carry no gradient: comparisons, integer results.
bool needs_no_gradient(const ad::Var& v) { return !v.tape().needs_gradient(v.index()); }

// `v` read as a plain number (a shape, a mask, a count).
ad::Var read_as_constant(const ad::Var& v) { return v.tape().read_as_constant(v); }

int axis_of(const std::optional<ad::Var>& axis) {
  double a = read_as_constant(*axis).item();
  if (a != std::floor(a)) throw Error(fmt::format("axis must be an integer, got {}", a));
  return static_cast<int>(a);
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

}  // namespace

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

ad::Var apply_index(ad::Var a, const std::vector<IndexPart>& parts) {
  int axis = 0;
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
                                static_cast<int64_t>(raw), axis, length));
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
  // Reductions over an axis, or everything.
  bool has_axis = args.size() > 1 && args[1].has_value();
  if (name == "sum") return has_axis ? ad::sum(x(), axis_of(args[1])) : ad::sum(x());
  if (name == "mean") return has_axis ? ad::mean(x(), axis_of(args[1])) : ad::mean(x());
  if (name == "prod") return has_axis ? ad::prod(x(), axis_of(args[1])) : ad::prod(x());
  if (name == "min") return has_axis ? ad::min(x(), axis_of(args[1])) : ad::min(x());
  if (name == "max") return has_axis ? ad::max(x(), axis_of(args[1])) : ad::max(x());
  if (name == "logsumexp") return has_axis ? ad::logsumexp(x(), axis_of(args[1])) : ad::logsumexp(x());
  if (name == "var" || name == "std") {
    ad::Var centered = has_axis ? x() - ad::mean(x(), axis_of(args[1]), true) : x() - ad::mean(x());
    ad::Var variance = has_axis ? ad::mean(ad::square(centered), axis_of(args[1]))
                                : ad::mean(ad::square(centered));
    return name == "var" ? variance : ad::sqrt(variance);
  }
  if (name == "cumsum") {
    if (has_axis) return ad::cumsum(x(), axis_of(args[1]));
    return ad::cumsum(ad::reshape(x(), Shape{x().value().size()}), 0);
  }
  if (name == "softmax") return ad::softmax(x(), axis_of(args[1]));
  if (name == "log_softmax") return ad::log_softmax(x(), axis_of(args[1]));
  if (name == "flip") {
    int axis = axis_of(args[1]);
    if (axis < 0) axis += x().shape().rank();
    if (axis < 0 || axis >= x().shape().rank()) throw Error("flip: axis out of range");
    std::vector<int64_t> reversed(x().shape()[axis]);
    for (size_t i = 0; i < reversed.size(); ++i) reversed[i] = static_cast<int64_t>(reversed.size() - 1 - i);
    return ad::take(x(), std::span<const int64_t>(reversed.data(), reversed.size()), axis);
  }
  if (name == "dot") return ad::dot(*args[0], *args[1]);
  if (name == "transpose") return ad::transpose(x());
  if (name == "reshape") return ad::reshape(x(), shape_of(*args[1]));
  if (name == "concat" || name == "stack") {
    std::vector<ad::Var> parts{*args[0]};
    for (size_t i = 2; i < args.size(); ++i) parts.push_back(*args[i]);
    int axis = axis_of(args[1]);
    std::span<const ad::Var> view(parts.data(), parts.size());
    return name == "concat" ? ad::concat(view, axis) : ad::stack(view, axis);
  }
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
      int axis = axis_of(args[1]);
      if (axis < 0) axis += x().shape().rank();
      return tape.constant(static_cast<double>(x().shape()[axis]));
    }
    return tape.constant(static_cast<double>(x().value().size()));
  }
  if (name == "shape") {
    Eigen::ArrayXd dims(x().shape().rank());
    for (int i = 0; i < x().shape().rank(); ++i) dims[i] = static_cast<double>(x().shape()[i]);
    return tape.constant(Array(Shape{x().shape().rank()}, dims));
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
