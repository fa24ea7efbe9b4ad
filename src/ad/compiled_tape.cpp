#include "ad/compiled_tape.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>
#include <tuple>
#include <utility>

#include "core/broadcasts_to.h"

namespace ppl::ad {

namespace {

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
// As stable_softplus (core/stable_math.h): never overflows.
double softplus(double x) { return std::max(x, 0.0) + std::log1p(std::exp(-std::abs(x))); }
double sign(double x) { return static_cast<double>((x > 0.0) - (x < 0.0)); }

// Add, Subtract, Multiply and Divide take two operands (they stand together
// in ScalarOp); the other operations without a kernel take one.
int arity_of(ScalarOp op) { return op >= ScalarOp::Add && op <= ScalarOp::Divide ? 2 : 1; }

}  // namespace

CompiledTape::Slot CompiledTape::broadcast_copy(Slot source, const Shape& from, const Shape& to,
                                                bool varies) {
  const Strides strides = broadcast_strides(from, to.rank());
  std::vector<int32_t> map;
  map.reserve(static_cast<size_t>(to.numel()));
  for_each_offset(to, strides, strides, [&](int64_t offset, int64_t) {
    map.push_back(static_cast<int32_t>(offset));
  });
  const Slot out{static_cast<int32_t>(values_.size()), static_cast<int32_t>(map.size())};
  for (int32_t j : map) values_.push_back(values_[source.offset + j]);
  if (varies) add_copy(source.offset, out.offset, map);  // a constant is copied once, here
  return out;
}

void CompiledTape::add_copy(int32_t from, int32_t to, std::span<const int32_t> map) {
  Instruction copy{ScalarOp::Alias};
  copy.in[0] = from;
  copy.out = to;
  copy.count = static_cast<int32_t>(map.size());
  copy.gather = static_cast<int32_t>(gathers_.size());
  gathers_.insert(gathers_.end(), map.begin(), map.end());
  instructions_.push_back(copy);
}

std::optional<CompiledTape> CompiledTape::compile(const Tape& tape, Var leaf, Var output) {
  return compile(tape, std::span<const Var>(&leaf, 1), output);
}

std::optional<CompiledTape> CompiledTape::compile(const Tape& tape, std::span<const Var> leaves,
                                                  Var output) {
  if (!tape.replayable()) return std::nullopt;
  CompiledTape program;
  std::vector<Slot> slot_of(tape.size());
  std::vector<uint8_t> is_leaf(tape.size(), 0);
  // The leaves' elements first, one after the other, in the order given.
  for (const Var& leaf : leaves) {
    const Node& leaf_node = tape.node(leaf.index());
    if (leaf_node.backward != nullptr || !leaf_node.needs_gradient || is_leaf[leaf.index()])
      return std::nullopt;
    const Array& leaf_value = leaf_node.current_value();
    if (static_cast<int64_t>(program.values_.size()) + leaf_value.size() >
        std::numeric_limits<int32_t>::max() / 2)
      return std::nullopt;
    slot_of[leaf.index()] = {static_cast<int32_t>(program.values_.size()),
                             static_cast<int32_t>(leaf_value.size())};
    is_leaf[leaf.index()] = 1;
    program.values_.insert(program.values_.end(), leaf_value.data(),
                           leaf_value.data() + leaf_value.size());
  }
  program.leaf_size_ = static_cast<int32_t>(program.values_.size());
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
    if (value.size() > kMaxLargeElements) return Slot{};
    return slot_of[operand] = new_slot(value);
  };

  const std::vector<uint8_t> live = tape.live_nodes(output);
  using CheckKey = std::tuple<const ScalarKernel*, int32_t, std::array<int32_t, kMaxScalarArity>,
                              std::array<int32_t, kMaxScalarArity>>;
  std::set<CheckKey> checks_recorded;
  // The elements the instructions run over and their number: a tape with
  // instructions over more than kMaxElements compiles only when most are small.
  int64_t computed_values = 0, computing_nodes = 0, largest = 0;
  for (int32_t i = 0; i < tape.size(); ++i) {
    const Node& node = tape.node(i);
    if (!live[i] || !node.needs_gradient || is_leaf[i]) continue;
    const bool check = Tape::is_check(node);
    const int64_t size = node.current_value().size();
    if (!check && size > kMaxLargeElements) return std::nullopt;
    const std::vector<int32_t> operands = tape.operands_of(node);
    if (operands.empty() || static_cast<int>(operands.size()) > kMaxScalarArity)
      return std::nullopt;

    switch (node.scalar_op) {
      case ScalarOp::None:
        return std::nullopt;
      case ScalarOp::Element: {
        // A contiguous run of the operand's elements is read in place.
        const Slot source = operand_slot(operands[0]);
        if (!source.assigned() || node.scalar_offset < 0 || node.scalar_offset + size > source.size)
          return std::nullopt;
        slot_of[i] = {source.offset + node.scalar_offset, static_cast<int32_t>(size)};
        continue;
      }
      case ScalarOp::Concat: {
        // One slot holding every part, the constant ones written once here;
        // a part that depends on the leaf is copied in at every run.
        const Slot joined = new_slot(node.current_value());
        int32_t at = joined.offset;
        for (int32_t operand : operands) {
          const Slot part = operand_slot(operand);
          if (!part.assigned()) return std::nullopt;
          if (tape.needs_gradient(operand)) {
            std::vector<int32_t> in_order(static_cast<size_t>(part.size));
            std::iota(in_order.begin(), in_order.end(), 0);
            program.add_copy(part.offset, at, in_order);
          }
          at += part.size;
        }
        if (at != joined.offset + joined.size) return std::nullopt;
        slot_of[i] = joined;
        continue;
      }
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

    // The shape the operation runs over: its own, or for one element summed
    // from several (a summed density, a Sum) and for a check (which keeps
    // no value) its operands' broadcast.
    Shape over = node.current_value().shape();
    if (size == 1 || check) {
      over = Shape{};
      for (int32_t operand : operands) {
        const Shape& shape = tape.value(operand).shape();
        if (shape.numel() == 1) continue;
        if (!broadcasts_to(shape, over) && !broadcasts_to(over, shape)) return std::nullopt;
        if (over.numel() == 1 || broadcasts_to(over, shape)) over = shape;
      }
    }
    // Operands of one element, or of `count` elements laid out as `over`;
    // others are copied to it first.
    Instruction instruction{node.scalar_op};
    instruction.kernel = node.scalar_kernel;
    for (size_t k = 0; k < operands.size(); ++k) {
      Slot slot = operand_slot(operands[k]);
      if (!slot.assigned()) return std::nullopt;
      instruction.varies[k] = tape.needs_gradient(operands[k]);
      const Shape& shape = tape.value(operands[k]).shape();
      if (slot.size > 1 && !same_layout(shape, over)) {
        if (over.numel() > kMaxLargeElements || !broadcasts_to(shape, over)) return std::nullopt;
        slot = program.broadcast_copy(slot, shape, over, instruction.varies[k]);
      }
      instruction.in[k] = slot.offset;
      if (slot.size == 1) continue;
      instruction.count = slot.size;
      instruction.stride[k] = 1;
    }
    const Shape* layout = instruction.count > 1 ? &over : nullptr;
    computed_values += instruction.count;
    ++computing_nodes;
    largest = std::max<int64_t>(largest, instruction.count);
    if (check) {
      // The same check of the same values (a parameter checked at every
      // step of a scan) fails or passes once for all.
      if (checks_recorded
              .insert({instruction.kernel, instruction.count, instruction.in, instruction.stride})
              .second)
        program.instructions_.push_back(instruction);
      continue;
    }
    // Sum, and a kernel of one output over several elements (a summed
    // density), add their elements up; the others give one per element.
    instruction.sums = size == 1 && instruction.count > 1;
    if (instruction.sums &&
        !(node.scalar_op == ScalarOp::Sum || node.scalar_op == ScalarOp::Kernel))
      return std::nullopt;
    if (!instruction.sums && size != instruction.count) return std::nullopt;
    if (layout != nullptr && !instruction.sums &&
        !same_layout(*layout, node.current_value().shape()))
      return std::nullopt;
    const Slot out = new_slot(tape.value(i));
    slot_of[i] = out;
    instruction.out = out.offset;
    instruction.one_number =
        instruction.count == 1 && !with_kernel && node.scalar_op != ScalarOp::Sum;
    program.instructions_.push_back(instruction);
  }
  if (largest > kMaxElements && computed_values > kMaxMeanElements * computing_nodes)
    return std::nullopt;
  const Slot out = slot_of[output.index()];
  if (!out.assigned() || out.size != 1) return std::nullopt;
  program.output_ = out.offset;
  program.adjoints_.assign(program.values_.size(), 0.0);
  program.plan_steps();
  return program;
}

namespace {

// The operations without a kernel, on one element: the value, and the
// adjoint contributions to the operands given the result y and its adjoint g.
inline double value_of(ScalarOp op, double a, double b) {
  switch (op) {
    case ScalarOp::Add:
      return a + b;
    case ScalarOp::Subtract:
      return a - b;
    case ScalarOp::Multiply:
      return a * b;
    case ScalarOp::Divide:
      return a / b;
    case ScalarOp::Negate:
      return -a;
    case ScalarOp::Exp:
      return std::exp(a);
    case ScalarOp::Log:
      return std::log(a);
    case ScalarOp::Log1p:
      return std::log1p(a);
    case ScalarOp::Expm1:
      return std::expm1(a);
    case ScalarOp::Sqrt:
      return std::sqrt(a);
    case ScalarOp::Abs:
      return std::abs(a);
    case ScalarOp::Square:
      return a * a;
    case ScalarOp::Sin:
      return std::sin(a);
    case ScalarOp::Cos:
      return std::cos(a);
    case ScalarOp::Tanh:
      return std::tanh(a);
    case ScalarOp::Sigmoid:
      return sigmoid(a);
    case ScalarOp::Softplus:
      return softplus(a);
    case ScalarOp::LogSigmoid:
      return -softplus(-a);
    default:
      return a;  // the others are handled by their callers
  }
}

inline void add_adjoints(ScalarOp op, double a, double b, double y, double g, double& ga,
                         double& gb) {
  switch (op) {
    case ScalarOp::Add:
      ga += g;
      gb += g;
      break;
    case ScalarOp::Subtract:
      ga += g;
      gb -= g;
      break;
    case ScalarOp::Multiply:
      ga += g * b;
      gb += g * a;
      break;
    case ScalarOp::Divide:
      ga += g / b;
      gb -= g * y / b;
      break;
    case ScalarOp::Negate:
      ga -= g;
      break;
    case ScalarOp::Exp:
      ga += g * y;
      break;
    case ScalarOp::Log:
      ga += g / a;
      break;
    case ScalarOp::Log1p:
      ga += g / (1.0 + a);
      break;
    case ScalarOp::Expm1:
      ga += g * (y + 1.0);
      break;
    case ScalarOp::Sqrt:
      ga += 0.5 * g / y;
      break;
    case ScalarOp::Abs:
      ga += g * sign(a);
      break;
    case ScalarOp::Square:
      ga += 2.0 * g * a;
      break;
    case ScalarOp::Sin:
      ga += g * std::cos(a);
      break;
    case ScalarOp::Cos:
      ga -= g * std::sin(a);
      break;
    case ScalarOp::Tanh:
      ga += g * (1.0 - y * y);
      break;
    case ScalarOp::Sigmoid:
      ga += g * y * (1.0 - y);
      break;
    case ScalarOp::Softplus:
      ga += g * sigmoid(a);
      break;
    case ScalarOp::LogSigmoid:
      ga += g * sigmoid(-a);
      break;
    default:
      break;
  }
}

}  // namespace

namespace {

// An operation without a kernel over n elements; Op is a constant, so the
// formula's switch folds away and the loop over contiguous runs vectorizes.
// b (with stride sb) is a dummy operand, stride 0, for one-operand operations.
template <ScalarOp Op>
void forward_loop(double* v, int32_t n, int32_t out, int32_t a, int32_t sa, int32_t b, int32_t sb) {
  if (sa == 1 && sb == 1) {
    for (int32_t j = 0; j < n; ++j) v[out + j] = value_of(Op, v[a + j], v[b + j]);
  } else if (sa == 1) {
    const double y = v[b];
    for (int32_t j = 0; j < n; ++j) v[out + j] = value_of(Op, v[a + j], y);
  } else if (sb == 1) {
    const double x = v[a];
    for (int32_t j = 0; j < n; ++j) v[out + j] = value_of(Op, x, v[b + j]);
  } else {
    for (int32_t j = 0; j < n; ++j) v[out + j] = value_of(Op, v[a], v[b]);
  }
}

template <ScalarOp Op>
void backward_loop(const double* v, double* adjoint, int32_t n, int32_t out, int32_t a, int32_t sa,
                   int32_t b, int32_t sb, bool binary) {
  double scratch = 0;  // the adjoint of a one-operand operation's dummy b
  for (int32_t j = 0; j < n; ++j) {
    const double g = adjoint[out + j];
    if (g == 0.0) continue;  // nothing flows back; also spares 0 * inf
    const int32_t aj = a + sa * j, bj = b + sb * j;
    add_adjoints(Op, v[aj], v[bj], v[out + j], g, adjoint[aj], binary ? adjoint[bj] : scratch);
  }
}

using ForwardLoop = void (*)(double*, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t);
using BackwardLoop = void (*)(const double*, double*, int32_t, int32_t, int32_t, int32_t, int32_t,
                              int32_t, bool);
template <size_t... I>
constexpr std::array<ForwardLoop, sizeof...(I)> forward_loops(std::index_sequence<I...>) {
  return {&forward_loop<static_cast<ScalarOp>(I)>...};
}
template <size_t... I>
constexpr std::array<BackwardLoop, sizeof...(I)> backward_loops(std::index_sequence<I...>) {
  return {&backward_loop<static_cast<ScalarOp>(I)>...};
}
constexpr auto kForwardLoops = forward_loops(std::make_index_sequence<kScalarOpCount>());
constexpr auto kBackwardLoops = backward_loops(std::make_index_sequence<kScalarOpCount>());

}  // namespace

void CompiledTape::forward_step(const Instruction& inst) {
  double* v = values_.data();
  const auto& in = inst.in;
  const auto& stride = inst.stride;
  const int32_t n = inst.count;
  if (inst.gather >= 0) {
    const int32_t* map = gathers_.data() + inst.gather;
    for (int32_t j = 0; j < n; ++j) v[inst.out + j] = v[in[0] + map[j]];
    return;
  }
  switch (inst.op) {
    case ScalarOp::Sum: {
      double total = 0;
      for (int32_t j = 0; j < n; ++j) total += v[in[0] + j];
      v[inst.out] = total;
      return;
    }
    case ScalarOp::Kernel:
      if (n > 1 && inst.kernel->values != nullptr) {
        std::array<const double*, kMaxScalarArity> operands{};
        for (int k = 0; k < inst.kernel->arity; ++k) operands[k] = v + in[k];
        inst.kernel->values(operands.data(), stride.data(), n, inst.sums, v + inst.out);
        return;
      }
      [[fallthrough]];
    case ScalarOp::Check: {
      const int arity = inst.kernel->arity;
      std::array<double, kMaxScalarArity> operands{};
      double total = 0;
      for (int32_t j = 0; j < n; ++j) {
        for (int k = 0; k < arity; ++k) operands[k] = v[in[k] + stride[k] * j];
        const double value = inst.kernel->value(operands.data());
        if (inst.op == ScalarOp::Check) {
          if (value == 0.0) check_failed_ = true;
        } else if (inst.sums) {
          total += value;
        } else {
          v[inst.out + j] = value;
        }
      }
      if (inst.op == ScalarOp::Kernel && inst.sums) v[inst.out] = total;
      return;
    }
    default:
      kForwardLoops[static_cast<size_t>(inst.op)](v, n, inst.out, in[0], stride[0],
                                                  std::max(in[1], 0), stride[1]);
  }
}

void CompiledTape::backward_step(const Instruction& inst) {
  const double* v = values_.data();
  double* adjoint = adjoints_.data();
  const int32_t n = inst.count, out = inst.out;
  const auto& in = inst.in;
  const auto& stride = inst.stride;
  if (inst.gather >= 0) {
    const int32_t* map = gathers_.data() + inst.gather;
    for (int32_t j = 0; j < n; ++j) adjoint[in[0] + map[j]] += adjoint[out + j];
    return;
  }
  switch (inst.op) {
    case ScalarOp::Check:
      return;
    case ScalarOp::Sum: {
      const double g = adjoint[out];
      for (int32_t j = 0; j < n; ++j) adjoint[in[0] + j] += g;
      return;
    }
    case ScalarOp::Kernel: {
      const int arity = inst.kernel->arity;
      if (n > 1 && inst.kernel->add_partials != nullptr) {
        std::array<const double*, kMaxScalarArity> operands{};
        std::array<double*, kMaxScalarArity> adjoints{};
        for (int k = 0; k < arity; ++k) {
          operands[k] = v + in[k];
          if (inst.varies[k]) adjoints[k] = adjoint + in[k];
        }
        inst.kernel->add_partials(operands.data(), stride.data(), n, adjoint + out,
                                  inst.sums ? 0 : 1, adjoints.data());
        return;
      }
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
    default:
      kBackwardLoops[static_cast<size_t>(inst.op)](v, adjoint, n, out, in[0], stride[0],
                                                   std::max(in[1], 0), stride[1], in[1] >= 0);
  }
}

void CompiledTape::plan_steps() {
  steps_.clear();
  steps_.reserve(instructions_.size());
  for (size_t i = 0; i < instructions_.size(); ++i) {
    const Instruction& inst = instructions_[i];
    if (inst.one_number)
      steps_.push_back({inst.op, inst.in[1] >= 0, inst.out, inst.in[0], std::max(inst.in[1], 0)});
    else
      steps_.push_back({ScalarOp::None, false, 0, static_cast<int32_t>(i), 0});
  }
}

bool CompiledTape::run(const Eigen::VectorXd& q, double& output, Eigen::VectorXd& gradient) {
  std::copy(q.data(), q.data() + leaf_size_, values_.begin());
  check_failed_ = false;
  double* v = values_.data();
  for (const Step& step : steps_) {
    if (step.op == ScalarOp::None)
      forward_step(instructions_[step.a]);
    else
      v[step.out] = value_of(step.op, v[step.a], v[step.b]);
  }
  if (check_failed_) return false;
  output = values_[output_];
  std::fill(adjoints_.begin(), adjoints_.end(), 0.0);
  double* adjoint = adjoints_.data();
  adjoint[output_] = 1.0;
  double scratch = 0;  // the adjoint of an operation's absent second operand
  for (auto it = steps_.rbegin(); it != steps_.rend(); ++it) {
    const Step& step = *it;
    if (step.op == ScalarOp::None) {
      backward_step(instructions_[step.a]);
      continue;
    }
    const double g = adjoint[step.out];
    if (g == 0.0) continue;
    add_adjoints(step.op, v[step.a], v[step.b], v[step.out], g, adjoint[step.a],
                 step.binary ? adjoint[step.b] : scratch);
  }
  gradient = Eigen::Map<const Eigen::VectorXd>(adjoints_.data(), leaf_size_);
  return true;
}

}  // namespace ppl::ad
