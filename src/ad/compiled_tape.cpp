#include "ad/compiled_tape.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ppl::ad {

namespace {

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
// As stable_softplus (core/stable_math.h): never overflows.
double softplus(double x) { return std::max(x, 0.0) + std::log1p(std::exp(-std::abs(x))); }
double sign(double x) { return static_cast<double>((x > 0.0) - (x < 0.0)); }

bool is_check(const Node& node) { return node.backward == nullptr && node.forward != nullptr; }

// The nodes `output` depends on, and every recorded check with its operands.
std::vector<uint8_t> live_nodes(const Tape& tape, int32_t output) {
  std::vector<uint8_t> live(tape.size(), 0);
  for (int32_t i = tape.size() - 1; i >= 0; --i) {
    const Node& node = tape.node(i);
    if (i == output || is_check(node)) live[i] = 1;
    if (!live[i]) continue;
    for (int32_t operand : node.operands)
      if (operand >= 0) live[operand] = 1;
    for (int64_t operand : tape.parameters(node).first(node.variadic_operands)) live[operand] = 1;
  }
  return live;
}

std::vector<int32_t> operands_of(const Tape& tape, const Node& node) {
  std::vector<int32_t> operands;
  for (int32_t operand : node.operands)
    if (operand >= 0) operands.push_back(operand);
  for (int64_t operand : tape.parameters(node).first(node.variadic_operands))
    operands.push_back(static_cast<int32_t>(operand));
  return operands;
}

// Add, Subtract, Multiply and Divide take two operands (they stand together
// in ScalarOp); the other operations without a kernel take one.
int arity_of(ScalarOp op) { return op >= ScalarOp::Add && op <= ScalarOp::Divide ? 2 : 1; }

// Shapes whose elements pair up one to one: equal once leading ones are dropped.
bool same_layout(const Shape& a, const Shape& b) {
  auto a_dims = a.dims(), b_dims = b.dims();
  while (!a_dims.empty() && a_dims.front() == 1) a_dims = a_dims.subspan(1);
  while (!b_dims.empty() && b_dims.front() == 1) b_dims = b_dims.subspan(1);
  return std::equal(a_dims.begin(), a_dims.end(), b_dims.begin(), b_dims.end());
}

// Where a compiled value lives in the buffer.
struct Slot {
  int32_t offset = -1;
  int32_t size = 0;
  bool assigned() const { return offset >= 0; }
};

}  // namespace

std::optional<CompiledTape> CompiledTape::compile(const Tape& tape, Var leaf, Var output) {
  if (!tape.replayable()) return std::nullopt;
  const int32_t leaf_index = leaf.index();
  const Node& leaf_node = tape.node(leaf_index);
  if (leaf_node.backward != nullptr || !leaf_node.needs_gradient) return std::nullopt;
  const Array& leaf_value = leaf_node.current_value();
  if (leaf_value.size() > std::numeric_limits<int32_t>::max() / 2) return std::nullopt;

  CompiledTape program;
  program.leaf_size_ = static_cast<int32_t>(leaf_value.size());
  program.values_.assign(leaf_value.data(), leaf_value.data() + leaf_value.size());
  std::vector<Slot> slot_of(tape.size());
  slot_of[leaf_index] = {0, program.leaf_size_};
  const auto new_slot = [&](const Array& initial) {
    const Slot slot{static_cast<int32_t>(program.values_.size()),
                    static_cast<int32_t>(initial.size())};
    program.values_.insert(program.values_.end(), initial.data(), initial.data() + initial.size());
    return slot;
  };
  // A constant operand gets a slot holding its values, once.
  const auto operand_slot = [&](int32_t operand) -> Slot {
    if (slot_of[operand].assigned() || tape.needs_gradient(operand)) return slot_of[operand];
    const Array& value = tape.value(operand);
    if (value.size() > kMaxElements) return Slot{};
    return slot_of[operand] = new_slot(value);
  };

  const std::vector<uint8_t> live = live_nodes(tape, output.index());
  for (int32_t i = 0; i < tape.size(); ++i) {
    const Node& node = tape.node(i);
    if (!live[i] || !node.needs_gradient || i == leaf_index) continue;
    const bool check = is_check(node);
    const int64_t size = node.current_value().size();
    if (!check && size > kMaxElements) return std::nullopt;
    const std::vector<int32_t> operands = operands_of(tape, node);
    if (operands.empty() || static_cast<int>(operands.size()) > kMaxScalarArity)
      return std::nullopt;

    switch (node.scalar_op) {
      case ScalarOp::None:
        return std::nullopt;
      case ScalarOp::Element:
        // A contiguous run of the leaf's elements is read in place.
        if (operands[0] != leaf_index || node.scalar_offset < 0 ||
            node.scalar_offset + size > program.leaf_size_)
          return std::nullopt;
        slot_of[i] = {node.scalar_offset, static_cast<int32_t>(size)};
        continue;
      case ScalarOp::Alias: {
        const Slot source = operand_slot(operands[0]);
        if (!source.assigned() || source.size != size) return std::nullopt;
        slot_of[i] = source;
        continue;
      }
      default:
        break;
    }

    const bool with_kernel =
        node.scalar_op == ScalarOp::Kernel || node.scalar_op == ScalarOp::Check;
    const int expected_arity = with_kernel ? (node.scalar_kernel ? node.scalar_kernel->arity : -1)
                                           : arity_of(node.scalar_op);
    if (expected_arity != static_cast<int>(operands.size())) return std::nullopt;
    if (check != (node.scalar_op == ScalarOp::Check)) return std::nullopt;

    // Operands of one element, or of `count` elements laid out alike.
    Instruction instruction{node.scalar_op};
    instruction.kernel = node.scalar_kernel;
    const Shape* layout = nullptr;
    for (size_t k = 0; k < operands.size(); ++k) {
      const Slot slot = operand_slot(operands[k]);
      if (!slot.assigned()) return std::nullopt;
      instruction.in[k] = slot.offset;
      if (slot.size == 1) continue;
      const Shape& shape = tape.value(operands[k]).shape();
      if (layout != nullptr && !same_layout(*layout, shape)) return std::nullopt;
      layout = &shape;
      instruction.count = slot.size;
      instruction.stride[k] = 1;
    }
    if (check) {
      program.instructions_.push_back(instruction);
      continue;
    }
    // Sum, and a kernel of one output over several elements (a summed
    // density), add their elements up; the others give one per element.
    instruction.sums = size == 1 && instruction.count > 1;
    if (instruction.sums && !(node.scalar_op == ScalarOp::Sum || node.scalar_op == ScalarOp::Kernel))
      return std::nullopt;
    if (!instruction.sums && size != instruction.count) return std::nullopt;
    if (layout != nullptr && !instruction.sums && !same_layout(*layout, node.current_value().shape()))
      return std::nullopt;
    const Slot out = new_slot(node.current_value());
    slot_of[i] = out;
    instruction.out = out.offset;
    program.instructions_.push_back(instruction);
  }
  const Slot out = slot_of[output.index()];
  if (!out.assigned() || out.size != 1) return std::nullopt;
  program.output_ = out.offset;
  program.adjoints_.assign(program.values_.size(), 0.0);
  return program;
}

namespace {

// y[j] = f(a[j]) or f(a[j], b[j]) over an instruction's elements.
template <class F>
void each_unary(double* v, int32_t count, int32_t out, int32_t a, int32_t stride, F f) {
  for (int32_t j = 0; j < count; ++j) v[out + j] = f(v[a + stride * j]);
}
template <class F>
void each_binary(double* v, int32_t count, int32_t out, const std::array<int32_t, kMaxScalarArity>& in,
                 const std::array<int32_t, kMaxScalarArity>& stride, F f) {
  for (int32_t j = 0; j < count; ++j)
    v[out + j] = f(v[in[0] + stride[0] * j], v[in[1] + stride[1] * j]);
}

}  // namespace

void CompiledTape::forward_step(const Instruction& inst) {
  double* v = values_.data();
  const int32_t n = inst.count, out = inst.out, a = inst.in[0], s = inst.stride[0];
  switch (inst.op) {
    case ScalarOp::Add:
      each_binary(v, n, out, inst.in, inst.stride, [](double x, double y) { return x + y; });
      break;
    case ScalarOp::Subtract:
      each_binary(v, n, out, inst.in, inst.stride, [](double x, double y) { return x - y; });
      break;
    case ScalarOp::Multiply:
      each_binary(v, n, out, inst.in, inst.stride, [](double x, double y) { return x * y; });
      break;
    case ScalarOp::Divide:
      each_binary(v, n, out, inst.in, inst.stride, [](double x, double y) { return x / y; });
      break;
    case ScalarOp::Negate: each_unary(v, n, out, a, s, [](double x) { return -x; }); break;
    case ScalarOp::Exp: each_unary(v, n, out, a, s, [](double x) { return std::exp(x); }); break;
    case ScalarOp::Log: each_unary(v, n, out, a, s, [](double x) { return std::log(x); }); break;
    case ScalarOp::Log1p: each_unary(v, n, out, a, s, [](double x) { return std::log1p(x); }); break;
    case ScalarOp::Expm1: each_unary(v, n, out, a, s, [](double x) { return std::expm1(x); }); break;
    case ScalarOp::Sqrt: each_unary(v, n, out, a, s, [](double x) { return std::sqrt(x); }); break;
    case ScalarOp::Abs: each_unary(v, n, out, a, s, [](double x) { return std::abs(x); }); break;
    case ScalarOp::Square: each_unary(v, n, out, a, s, [](double x) { return x * x; }); break;
    case ScalarOp::Sin: each_unary(v, n, out, a, s, [](double x) { return std::sin(x); }); break;
    case ScalarOp::Cos: each_unary(v, n, out, a, s, [](double x) { return std::cos(x); }); break;
    case ScalarOp::Tanh: each_unary(v, n, out, a, s, [](double x) { return std::tanh(x); }); break;
    case ScalarOp::Sigmoid: each_unary(v, n, out, a, s, sigmoid); break;
    case ScalarOp::Softplus: each_unary(v, n, out, a, s, softplus); break;
    case ScalarOp::LogSigmoid:
      each_unary(v, n, out, a, s, [](double x) { return -softplus(-x); });
      break;
    case ScalarOp::Sum: {
      double total = 0;
      for (int32_t j = 0; j < n; ++j) total += v[a + j];
      v[out] = total;
      break;
    }
    case ScalarOp::Kernel:
    case ScalarOp::Check: {
      const int arity = inst.kernel->arity;
      std::array<double, kMaxScalarArity> operands{};
      double total = 0;
      for (int32_t j = 0; j < n; ++j) {
        for (int k = 0; k < arity; ++k) operands[k] = v[inst.in[k] + inst.stride[k] * j];
        const double value = inst.kernel->value(operands.data());
        if (inst.op == ScalarOp::Check) {
          if (value == 0.0) check_failed_ = true;
        } else if (inst.sums) {
          total += value;
        } else {
          v[out + j] = value;
        }
      }
      if (inst.op == ScalarOp::Kernel && inst.sums) v[out] = total;
      break;
    }
    case ScalarOp::None:
    case ScalarOp::Alias:
    case ScalarOp::Element:
      break;  // never compiled into an instruction
  }
}

void CompiledTape::backward_step(const Instruction& inst) {
  const double* v = values_.data();
  double* adjoint = adjoints_.data();
  const int32_t n = inst.count, out = inst.out;
  const auto& in = inst.in;
  const auto& stride = inst.stride;
  if (inst.op == ScalarOp::Sum) {
    const double g = adjoint[out];
    for (int32_t j = 0; j < n; ++j) adjoint[in[0] + j] += g;
    return;
  }
  if (inst.op == ScalarOp::Kernel) {
    const int arity = inst.kernel->arity;
    std::array<double, kMaxScalarArity> operands{}, partials{};
    for (int32_t j = 0; j < n; ++j) {
      const double g = adjoint[inst.sums ? out : out + j];
      if (g == 0.0) continue;
      for (int k = 0; k < arity; ++k) operands[k] = v[in[k] + stride[k] * j];
      inst.kernel->partials(operands.data(), partials.data());
      for (int k = 0; k < arity; ++k) adjoint[in[k] + stride[k] * j] += g * partials[k];
    }
    return;
  }
  for (int32_t j = 0; j < n; ++j) {
    const double g = adjoint[out + j];
    if (g == 0.0) continue;  // nothing flows back; also spares 0 * inf
    const double a = v[in[0] + stride[0] * j];
    const double y = v[out + j];
    double& ga = adjoint[in[0] + stride[0] * j];
    switch (inst.op) {
      case ScalarOp::Add:
        ga += g;
        adjoint[in[1] + stride[1] * j] += g;
        break;
      case ScalarOp::Subtract:
        ga += g;
        adjoint[in[1] + stride[1] * j] -= g;
        break;
      case ScalarOp::Multiply: {
        const double b = v[in[1] + stride[1] * j];
        ga += g * b;
        adjoint[in[1] + stride[1] * j] += g * a;
        break;
      }
      case ScalarOp::Divide: {
        const double b = v[in[1] + stride[1] * j];
        ga += g / b;
        adjoint[in[1] + stride[1] * j] -= g * y / b;
        break;
      }
      case ScalarOp::Negate: ga -= g; break;
      case ScalarOp::Exp: ga += g * y; break;
      case ScalarOp::Log: ga += g / a; break;
      case ScalarOp::Log1p: ga += g / (1.0 + a); break;
      case ScalarOp::Expm1: ga += g * (y + 1.0); break;
      case ScalarOp::Sqrt: ga += 0.5 * g / y; break;
      case ScalarOp::Abs: ga += g * sign(a); break;
      case ScalarOp::Square: ga += 2.0 * g * a; break;
      case ScalarOp::Sin: ga += g * std::cos(a); break;
      case ScalarOp::Cos: ga -= g * std::sin(a); break;
      case ScalarOp::Tanh: ga += g * (1.0 - y * y); break;
      case ScalarOp::Sigmoid: ga += g * y * (1.0 - y); break;
      case ScalarOp::Softplus: ga += g * sigmoid(a); break;
      case ScalarOp::LogSigmoid: ga += g * sigmoid(-a); break;
      default:
        return;  // checks and the operations handled above
    }
  }
}

bool CompiledTape::run(const Eigen::VectorXd& q, double& output, Eigen::VectorXd& gradient) {
  std::copy(q.data(), q.data() + leaf_size_, values_.begin());
  check_failed_ = false;
  for (const Instruction& instruction : instructions_) forward_step(instruction);
  if (check_failed_) return false;
  output = values_[output_];
  std::fill(adjoints_.begin(), adjoints_.end(), 0.0);
  adjoints_[output_] = 1.0;
  for (auto it = instructions_.rbegin(); it != instructions_.rend(); ++it)
    if (it->op != ScalarOp::Check) backward_step(*it);
  gradient = Eigen::Map<const Eigen::VectorXd>(adjoints_.data(), leaf_size_);
  return true;
}

}  // namespace ppl::ad
