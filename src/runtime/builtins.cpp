#include "runtime/builtins.h"

#include <fmt/format.h>

#include <cmath>
#include <functional>
#include <numeric>
#include <string>
#include <unordered_map>

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

namespace {

// What a built-in receives: its arguments in the catalogue's order (absent
// optional ones nullopt) and the run's context.
struct Call {
  const std::vector<std::optional<ad::Var>>& args;
  BuiltinContext& context;

  const ad::Var& x() const { return *args[0]; }
  const ad::Var& arg(size_t i) const { return *args[i]; }
  bool given(size_t i) const { return args.size() > i && args[i].has_value(); }
  int leading() const { return context.leading_dims; }
  ad::Tape& tape() const { return context.tape; }
  // The program's axis given as argument `i`, counted past leading dims.
  int axis(size_t i) const { return program_axis(axis_of(args[i]), leading(), x().shape().rank()); }
};

using Implementation = std::function<ad::Var(const Call&)>;

// Values that only constants may pass through (no gradient defined here).
Implementation constant_map(const char* name, double (*f)(double)) {
  return [name, f](const Call& c) {
    return constant_only(name, c.x(), map_array(c.x().value(), f));
  };
}

// A reduction over argument 1's axis, or over all of the program's dims.
Implementation reduction(std::function<ad::Var(ad::Var)> whole,
                         std::function<ad::Var(ad::Var, int)> along_axis) {
  return [whole, along_axis](const Call& c) {
    const bool has_axis = c.given(1);
    // Over everything with leading dims: over the program's dims, flattened.
    ad::Var operand = has_axis || c.leading() == 0 ? c.x() : flatten_program_dims(c.x(), c.leading());
    if (!has_axis && c.leading() == 0) return whole(operand);
    return along_axis(operand, has_axis ? c.axis(1) : -1);
  };
}

// The moments: the variance, or with `root` the standard deviation.
Implementation spread(bool root) {
  return reduction(
      [root](ad::Var v) {
        ad::Var variance = ad::mean(ad::square(v - ad::mean(v)));
        return root ? ad::sqrt(variance) : variance;
      },
      [root](ad::Var v, int axis) {
        ad::Var variance = ad::mean(ad::square(v - ad::mean(v, axis, true)), axis);
        return root ? ad::sqrt(variance) : variance;
      });
}

// minimum, maximum: choices read from the values, gradients through the chosen.
Implementation choose(bool smaller) {
  return [smaller](const Call& c) {
    const Array& a = read_as_constant(c.arg(0)).value();
    const Array& b = read_as_constant(c.arg(1)).value();
    return ad::where(c.tape().constant(smaller ? less(a, b) : greater(a, b)), c.arg(0), c.arg(1));
  };
}

Implementation initial_draws(bool normal) {
  return [normal](const Call& c) {
    Shape shape = shape_of(c.x());
    Eigen::ArrayXd values =
        normal ? sample(c.context.init_key, NormalSampler(0.0, c.arg(1).item()), shape.numel())
               : sample(c.context.init_key, UniformSampler(c.arg(1).item(), c.arg(2).item()),
                        shape.numel());
    return c.tape().constant(Array(shape, values));
  };
}

// Every built-in of the catalogue (ir/catalog.cpp), by name.
const std::unordered_map<std::string, Implementation>& implementations() {
  static const std::unordered_map<std::string, Implementation> table = {
      // Elementwise functions of one argument.
      {"exp", [](const Call& c) { return ad::exp(c.x()); }},
      {"log", [](const Call& c) { return ad::log(c.x()); }},
      {"log1p", [](const Call& c) { return ad::log1p(c.x()); }},
      {"expm1", [](const Call& c) { return ad::expm1(c.x()); }},
      {"sqrt", [](const Call& c) { return ad::sqrt(c.x()); }},
      {"abs", [](const Call& c) { return ad::abs(c.x()); }},
      {"square", [](const Call& c) { return ad::square(c.x()); }},
      {"tanh", [](const Call& c) { return ad::tanh(c.x()); }},
      {"sigmoid", [](const Call& c) { return ad::sigmoid(c.x()); }},
      {"logit", [](const Call& c) { return ad::log(c.x()) - ad::log1p(-c.x()); }},
      {"softplus", [](const Call& c) { return ad::softplus(c.x()); }},
      {"relu", [](const Call& c) { return ad::relu(c.x()); }},
      {"lgamma", [](const Call& c) { return ad::lgamma(c.x()); }},
      {"digamma", [](const Call& c) { return ad::digamma(c.x()); }},
      {"sin", [](const Call& c) { return ad::sin(c.x()); }},
      {"cos", [](const Call& c) { return ad::cos(c.x()); }},
      {"floor", constant_map("floor", [](double v) { return std::floor(v); })},
      // Elementwise functions of several arguments.
      {"pow", [](const Call& c) { return ad::pow(c.arg(0), c.arg(1)); }},
      {"where", [](const Call& c) { return ad::where(c.arg(0), c.arg(1), c.arg(2)); }},
      {"minimum", choose(true)},
      {"maximum", choose(false)},
      {"clip",
       [](const Call& c) {
         for (const auto& arg : c.args)
           if (arg) read_as_constant(*arg);
         ad::Var low = ad::where(c.tape().constant(less(c.x().value(), c.arg(1).value())), c.arg(1), c.x());
         return ad::where(c.tape().constant(greater(low.value(), c.arg(2).value())), c.arg(2), low);
       }},
      // Reductions.
      {"sum", reduction([](ad::Var v) { return ad::sum(v); }, [](ad::Var v, int a) { return ad::sum(v, a); })},
      {"mean", reduction([](ad::Var v) { return ad::mean(v); }, [](ad::Var v, int a) { return ad::mean(v, a); })},
      {"prod", reduction([](ad::Var v) { return ad::prod(v); }, [](ad::Var v, int a) { return ad::prod(v, a); })},
      {"min", reduction([](ad::Var v) { return ad::min(v); }, [](ad::Var v, int a) { return ad::min(v, a); })},
      {"max", reduction([](ad::Var v) { return ad::max(v); }, [](ad::Var v, int a) { return ad::max(v, a); })},
      {"logsumexp", reduction([](ad::Var v) { return ad::logsumexp(v); },
                              [](ad::Var v, int a) { return ad::logsumexp(v, a); })},
      {"var", spread(false)},
      {"std", spread(true)},
      // Along an axis.
      {"cumsum",
       [](const Call& c) {
         if (c.given(1)) return ad::cumsum(c.x(), c.axis(1));
         return ad::cumsum(flatten_program_dims(c.x(), c.leading()), -1);
       }},
      {"softmax", [](const Call& c) { return ad::softmax(c.x(), c.axis(1)); }},
      {"log_softmax", [](const Call& c) { return ad::log_softmax(c.x(), c.axis(1)); }},
      {"flip",
       [](const Call& c) {
         int axis = c.axis(1);
         if (axis < 0) axis += c.x().shape().rank();
         std::vector<int64_t> reversed(c.x().shape()[axis]);
         for (size_t i = 0; i < reversed.size(); ++i)
           reversed[i] = static_cast<int64_t>(reversed.size() - 1 - i);
         return ad::take(c.x(), std::span<const int64_t>(reversed.data(), reversed.size()), axis);
       }},
      // Linear algebra and layout.
      // NumPy's dot: a scalar multiplies, two vectors give their inner
      // product, and up to two dims it is the matrix product.
      {"dot",
       [](const Call& c) {
         if (c.leading() > 0)
           throw Error("dot of values with draws or particles on the left is not vectorized");
         const int x_rank = c.arg(0).shape().rank(), y_rank = c.arg(1).shape().rank();
         if (x_rank == 0 || y_rank == 0) return c.arg(0) * c.arg(1);
         if (x_rank == 1 && y_rank == 1) return ad::dot(c.arg(0), c.arg(1));
         if (x_rank <= 2 && y_rank <= 2) return ad::matmul(c.arg(0), c.arg(1));
         throw Error(fmt::format(
             "dot of arrays of {} and {} dims: NumPy's dot there sums the last axis of x against "
             "the second-to-last of y, which ppl leaves out; write it with @ (a batched matrix "
             "product) or sum",
             x_rank, y_rank));
       }},
      {"transpose",
       [](const Call& c) {
         if (c.leading() == 0) return ad::transpose(c.x());
         std::vector<int> permutation;
         for (int i = 0; i < c.leading(); ++i) permutation.push_back(i);
         for (int i = c.x().shape().rank() - 1; i >= c.leading(); --i) permutation.push_back(i);
         return ad::transpose(c.x(), std::span<const int>(permutation.data(), permutation.size()));
       }},
      {"reshape",
       [](const Call& c) {
         Shape shape = leading_shape(c.x().shape(), c.leading());
         for (int64_t d : shape_of(c.arg(1))) shape.push_back(d);
         return ad::reshape(c.x(), shape);
       }},
      {"concat", [](const Call& c) { return join_arrays("concat", c.args, c.context); }},
      {"stack", [](const Call& c) { return join_arrays("stack", c.args, c.context); }},
      {"cholesky", [](const Call& c) { return ad::cholesky(c.x()); }},
      {"triangular_solve", [](const Call& c) { return ad::solve_lower_triangular(c.arg(0), c.arg(1)); }},
      {"log_det", [](const Call& c) { return ad::log_det_spd(c.x()); }},
      // Constants.
      {"zeros", [](const Call& c) { return c.tape().constant(Array::zeros(shape_of(c.x()))); }},
      {"ones", [](const Call& c) { return c.tape().constant(Array::ones(shape_of(c.x()))); }},
      // The value may depend on latent sites: it is broadcast, not read as a number.
      {"full",
       [](const Call& c) {
         const Shape shape = shape_of(c.x());
         ad::Var filled = c.arg(1) + c.tape().constant(Array::zeros(shape));
         if (!(filled.shape() == shape))
           throw Error(fmt::format("full: a value of shape {} does not fill the shape {}",
                                   c.arg(1).shape().to_string(), shape.to_string()));
         return filled;
       }},
      {"eye",
       [](const Call& c) {
         return c.tape().constant(Array::eye(static_cast<int64_t>(read_as_constant(c.x()).item())));
       }},
      {"arange",
       [](const Call& c) {
         if (c.args[1])
           return c.tape().constant(
               Array::arange(read_as_constant(c.x()).item(), read_as_constant(c.arg(1)).item()));
         return c.tape().constant(Array::arange(static_cast<int64_t>(read_as_constant(c.x()).item())));
       }},
      {"size",
       [](const Call& c) {
         if (c.given(1)) {
           int axis = c.axis(1);
           if (axis < 0) axis += c.x().shape().rank();
           return c.tape().constant(static_cast<double>(c.x().shape()[axis]));
         }
         int64_t n = 1;
         for (int i = c.leading(); i < c.x().shape().rank(); ++i) n *= c.x().shape()[i];
         return c.tape().constant(static_cast<double>(n));
       }},
      {"shape",
       [](const Call& c) {
         int rank = c.x().shape().rank() - c.leading();
         Eigen::ArrayXd dims(rank);
         for (int i = 0; i < rank; ++i) dims[i] = static_cast<double>(c.x().shape()[c.leading() + i]);
         return c.tape().constant(Array(Shape{rank}, dims));
       }},
      // Random initial values of params.
      {"init_normal", initial_draws(true)},
      {"init_uniform", initial_draws(false)},
  };
  return table;
}

}  // namespace

bool has_builtin_implementation(const std::string& name) {
  return implementations().count(name) > 0;
}

std::vector<std::string> implemented_builtins() {
  std::vector<std::string> names;
  for (const auto& [name, implementation] : implementations()) names.push_back(name);
  return names;
}

ad::Var call_builtin_function(const ir::FunctionSpec& spec,
                              const std::vector<std::optional<ad::Var>>& args,
                              BuiltinContext& context) {
  auto found = implementations().find(spec.name);
  if (found == implementations().end())
    throw Error(fmt::format("the built-in '{}' is not implemented", spec.name));
  return found->second(Call{args, context});
}

}  // namespace ppl::runtime
