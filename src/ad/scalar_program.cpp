#include "ad/scalar_program.h"

#include <cmath>

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

}  // namespace

std::optional<ScalarProgram> ScalarProgram::compile(const Tape& tape, Var leaf, Var output) {
  if (!tape.replayable()) return std::nullopt;
  const int32_t leaf_index = leaf.index();
  const int32_t output_index = output.index();
  const Node& leaf_node = tape.node(leaf_index);
  if (leaf_node.backward != nullptr || !leaf_node.needs_gradient) return std::nullopt;

  ScalarProgram program;
  program.leaf_size_ = static_cast<int32_t>(leaf_node.current_value().size());
  program.values_.assign(leaf_node.current_value().data(),
                         leaf_node.current_value().data() + program.leaf_size_);
  // The register of each node, -1 where it has none (yet).
  std::vector<int32_t> register_of(tape.size(), -1);
  if (program.leaf_size_ == 1) register_of[leaf_index] = 0;
  const auto new_register = [&](double value) {
    program.values_.push_back(value);
    return static_cast<int32_t>(program.values_.size() - 1);
  };
  // A constant operand gets a register holding its value, once.
  const auto operand_register = [&](int32_t operand) -> int32_t {
    if (register_of[operand] >= 0 || tape.needs_gradient(operand)) return register_of[operand];
    const Array& value = tape.value(operand);
    if (value.size() != 1) return -1;
    return register_of[operand] = new_register(value.values()[0]);
  };

  const std::vector<uint8_t> live = live_nodes(tape, output_index);
  for (int32_t i = 0; i < tape.size(); ++i) {
    const Node& node = tape.node(i);
    if (!live[i] || !node.needs_gradient || i == leaf_index) continue;
    const bool check = is_check(node);
    if (!check && node.current_value().size() != 1) return std::nullopt;
    const std::vector<int32_t> operands = operands_of(tape, node);
    if (operands.empty() || static_cast<int>(operands.size()) > kMaxScalarArity)
      return std::nullopt;

    switch (node.scalar_op) {
      case ScalarOp::None:
        return std::nullopt;
      case ScalarOp::Element: {
        // An element of the leaf is a register of its own already.
        if (operands[0] != leaf_index || node.scalar_offset < 0 ||
            node.scalar_offset >= program.leaf_size_)
          return std::nullopt;
        register_of[i] = node.scalar_offset;
        continue;
      }
      case ScalarOp::Alias: {
        const int32_t source = operand_register(operands[0]);
        if (source < 0) return std::nullopt;
        register_of[i] = source;
        continue;
      }
      default:
        break;
    }

    Instruction instruction{node.scalar_op, -1, {-1, -1, -1, -1}, node.scalar_kernel};
    const bool with_kernel =
        node.scalar_op == ScalarOp::Kernel || node.scalar_op == ScalarOp::Check;
    if (with_kernel && (node.scalar_kernel == nullptr ||
                        node.scalar_kernel->arity != static_cast<int>(operands.size())))
      return std::nullopt;
    if (!with_kernel && arity_of(node.scalar_op) != static_cast<int>(operands.size()))
      return std::nullopt;
    if (check != (node.scalar_op == ScalarOp::Check)) return std::nullopt;
    for (size_t k = 0; k < operands.size(); ++k) {
      instruction.in[k] = operand_register(operands[k]);
      if (instruction.in[k] < 0) return std::nullopt;
    }
    if (!check) instruction.out = register_of[i] = new_register(node.current_value().values()[0]);
    program.instructions_.push_back(instruction);
  }
  program.output_ = register_of[output_index];
  if (program.output_ < 0) return std::nullopt;
  program.adjoints_.assign(program.values_.size(), 0.0);
  return program;
}

void ScalarProgram::forward_step(const Instruction& instruction) {
  double* v = values_.data();
  const auto& in = instruction.in;
  const double a = v[in[0]];
  double& y = v[instruction.out < 0 ? 0 : instruction.out];
  switch (instruction.op) {
    case ScalarOp::Add:
      y = a + v[in[1]];
      break;
    case ScalarOp::Subtract:
      y = a - v[in[1]];
      break;
    case ScalarOp::Multiply:
      y = a * v[in[1]];
      break;
    case ScalarOp::Divide:
      y = a / v[in[1]];
      break;
    case ScalarOp::Negate:
      y = -a;
      break;
    case ScalarOp::Exp:
      y = std::exp(a);
      break;
    case ScalarOp::Log:
      y = std::log(a);
      break;
    case ScalarOp::Log1p:
      y = std::log1p(a);
      break;
    case ScalarOp::Expm1:
      y = std::expm1(a);
      break;
    case ScalarOp::Sqrt:
      y = std::sqrt(a);
      break;
    case ScalarOp::Abs:
      y = std::abs(a);
      break;
    case ScalarOp::Square:
      y = a * a;
      break;
    case ScalarOp::Sin:
      y = std::sin(a);
      break;
    case ScalarOp::Cos:
      y = std::cos(a);
      break;
    case ScalarOp::Tanh:
      y = std::tanh(a);
      break;
    case ScalarOp::Sigmoid:
      y = sigmoid(a);
      break;
    case ScalarOp::Softplus:
      y = softplus(a);
      break;
    case ScalarOp::LogSigmoid:
      y = -softplus(-a);
      break;
    case ScalarOp::Kernel:
    case ScalarOp::Check: {
      std::array<double, kMaxScalarArity> operands{};
      for (int k = 0; k < instruction.kernel->arity; ++k) operands[k] = v[in[k]];
      const double value = instruction.kernel->value(operands.data());
      if (instruction.op == ScalarOp::Kernel)
        y = value;
      else if (value == 0.0)
        check_failed_ = true;
      break;
    }
    case ScalarOp::None:
    case ScalarOp::Alias:
    case ScalarOp::Element:
      break;  // never compiled into an instruction
  }
}

void ScalarProgram::backward_step(const Instruction& instruction) {
  const double* v = values_.data();
  double* adjoint = adjoints_.data();
  const auto& in = instruction.in;
  const double g = adjoint[instruction.out];
  if (g == 0.0) return;  // nothing flows back; also spares 0 * inf
  const double a = v[in[0]];
  const double y = v[instruction.out];
  double& ga = adjoint[in[0]];
  switch (instruction.op) {
    case ScalarOp::Add:
      ga += g;
      adjoint[in[1]] += g;
      break;
    case ScalarOp::Subtract:
      ga += g;
      adjoint[in[1]] -= g;
      break;
    case ScalarOp::Multiply:
      ga += g * v[in[1]];
      adjoint[in[1]] += g * a;
      break;
    case ScalarOp::Divide:
      ga += g / v[in[1]];
      adjoint[in[1]] -= g * y / v[in[1]];
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
    case ScalarOp::Kernel: {
      const int arity = instruction.kernel->arity;
      std::array<double, kMaxScalarArity> operands{}, partials{};
      for (int k = 0; k < arity; ++k) operands[k] = v[in[k]];
      instruction.kernel->partials(operands.data(), partials.data());
      for (int k = 0; k < arity; ++k) adjoint[in[k]] += g * partials[k];
      break;
    }
    case ScalarOp::Check:
    case ScalarOp::None:
    case ScalarOp::Alias:
    case ScalarOp::Element:
      break;
  }
}

bool ScalarProgram::run(const Eigen::VectorXd& q, double& output, Eigen::VectorXd& gradient) {
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
