#include "ad/tape.h"

#include <fmt/format.h>

#include <algorithm>

namespace ppl::ad {

Tape::Tape() {
  // Typical models record tens to hundreds of nodes; avoid early regrowth.
  nodes_.reserve(256);
  parameters_.reserve(1024);
}

Node& Tape::next_node() {
  if (size_ == static_cast<int32_t>(nodes_.size())) nodes_.emplace_back();
  Node& node = nodes_[size_++];
  node.backward = nullptr;
  node.forward = nullptr;
  node.operands = {-1, -1, -1};
  node.axis = 0;
  node.keepdims = false;
  node.needs_gradient = false;
  node.deferred = false;
  node.parameters_begin = static_cast<int32_t>(parameters_.size());
  node.parameters_count = 0;
  node.borrowed = nullptr;
  node.variadic_operands = 0;
  node.scalar_op = ScalarOp::None;
  node.scalar_kernel = nullptr;
  node.scalar_offset = 0;
  node.fused_sum = nullptr;
  backward_done_ = false;
  live_output_ = -1;
  return node;
}

void Tape::defer(const Shape& shape) {
  Node& node = nodes_[size_ - 1];
  node.value.resize(shape);
  node.deferred = true;
}

void Tape::compute_deferred(int32_t index) const {
  auto& nodes = const_cast<std::vector<Node>&>(nodes_);
  auto& tape = const_cast<Tape&>(*this);
  // The deferred nodes `index` reads, directly or through other deferred
  // ones; operands come before their nodes, so ascending order computes
  // each after what it reads, without recursion.
  std::vector<int32_t> pending{index}, to_compute;
  nodes[index].deferred = false;
  while (!pending.empty()) {
    const int32_t i = pending.back();
    pending.pop_back();
    to_compute.push_back(i);
    for (int32_t operand : operands_of(nodes[i]))
      if (nodes[operand].deferred) {
        nodes[operand].deferred = false;
        pending.push_back(operand);
      }
  }
  std::sort(to_compute.begin(), to_compute.end());
  for (int32_t i : to_compute) nodes[i].forward(tape, i);
}

void Tape::operand_error(Var v) const {
  if (&v.tape() != this) throw Error("an operation mixes values from different tapes");
  throw Error("use of an ad::Var after its tape was cleared");
}

Var Tape::leaf(const Array& value) {
  Node& node = next_node();
  node.value.assign(value.shape(), value.values());
  node.needs_gradient = true;
  return Var(this, size_ - 1);
}

Var Tape::leaf(double value) { return leaf(Array(value)); }

Var Tape::constant(const Array& value) {
  Node& node = next_node();
  node.value.assign(value.shape(), value.values());
  return Var(this, size_ - 1);
}

Var Tape::constant(double value) {
  Node& node = next_node();
  node.value.assign(Shape{}, Eigen::ArrayXd::Constant(1, value));
  return Var(this, size_ - 1);
}

Var Tape::constant_view(const Array& value) {
  Node& node = next_node();
  node.borrowed = &value;
  return Var(this, size_ - 1);
}

void Tape::clear() {
  size_ = 0;
  live_output_ = -1;
  parameters_.clear();
  backward_done_ = false;
  value_dependent_ = false;
}

Eigen::ArrayXd& Tape::leaf_values(Var leaf) {
  Node& node = nodes_[check_operand(leaf)];
  if (node.backward != nullptr || !node.needs_gradient || node.borrowed)
    throw Error("leaf_values() of a value that is not a leaf");
  return node.value.mutable_values();
}

void Tape::record_check(ForwardFn check, std::initializer_list<Var> operands,
                        const ScalarKernel* scalar) {
  bool varies = false;
  for (Var v : operands) varies |= needs_gradient(check_operand(v));
  if (!varies) return;
  const Var node = record(nullptr, operands);
  set_forward(check);
  if (scalar != nullptr) set_scalar(node, ScalarOp::Check, scalar);
}

void Tape::replay() {
  check_failed_ = false;
  for (int32_t i = 0; i < size_; ++i) {
    Node& node = nodes_[i];
    if (node.needs_gradient && node.forward != nullptr) {
      node.deferred = false;
      node.forward(*this, i);
    }
  }
  backward_done_ = false;
}

std::vector<int32_t> Tape::operands_of(const Node& node) const {
  std::vector<int32_t> operands;
  for (int32_t operand : node.operands)
    if (operand >= 0) operands.push_back(operand);
  for (int64_t operand : parameters(node).first(node.variadic_operands))
    operands.push_back(static_cast<int32_t>(operand));
  return operands;
}

std::vector<uint8_t> Tape::live_nodes(Var output) const {
  const int32_t out = check_operand(output);
  std::vector<uint8_t> live(size_, 0);
  for (int32_t i = size_ - 1; i >= 0; --i) {
    const Node& node = nodes_[i];
    if (i == out || is_check(node)) live[i] = 1;
    if (!live[i]) continue;
    for (int32_t operand : operands_of(node)) live[operand] = 1;
  }
  return live;
}

void Tape::replay(Var output) {
  const int32_t out = check_operand(output);
  if (live_output_ != out) {
    live_ = live_nodes(output);
    live_output_ = out;
  }
  check_failed_ = false;
  for (int32_t i = 0; i < size_; ++i) {
    Node& node = nodes_[i];
    if (!node.needs_gradient || node.forward == nullptr) continue;
    // A node the output does not read is left to be computed when
    // something reads it, so that its value is never a stale one.
    node.deferred = !live_[i];
    if (live_[i]) node.forward(*this, i);
  }
  backward_done_ = false;
}

void Tape::drop_check(int32_t index) {
  Node& node = nodes_[index];
  if (!is_check(node)) throw Error("drop_check() of a node that is not a recorded check");
  node.forward = nullptr;
  node.operands = {-1, -1, -1};
  node.needs_gradient = false;
  node.scalar_op = ScalarOp::None;
  node.scalar_kernel = nullptr;
  live_output_ = -1;
}

bool Tape::replayable() const {
  if (value_dependent_) return false;
  for (int32_t i = 0; i < size_; ++i) {
    const Node& node = nodes_[i];
    const bool from_operands = node.operands[0] >= 0 || node.parameters_count > 0;
    if (node.needs_gradient && from_operands && node.forward == nullptr) return false;
  }
  return true;
}

Var Tape::record(BackwardFn backward, std::initializer_list<Var> operands) {
  std::array<int32_t, 3> indices{-1, -1, -1};
  int k = 0;
  for (Var v : operands) indices[k++] = check_operand(v);
  Node& node = next_node();
  node.backward = backward;
  node.operands = indices;
  for (int32_t index : indices)
    if (index >= 0) node.needs_gradient |= nodes_[index].needs_gradient;
  return Var(this, size_ - 1);
}

Var Tape::record_variadic(BackwardFn backward, std::span<const Var> operands) {
  for (Var v : operands) check_operand(v);
  Node& node = next_node();
  node.backward = backward;
  for (Var v : operands) {
    parameters_.push_back(v.index());
    node.needs_gradient |= nodes_[v.index()].needs_gradient;
  }
  node.parameters_count = static_cast<int32_t>(operands.size());
  node.variadic_operands = node.parameters_count;
  return Var(this, size_ - 1);
}

void Tape::push_parameter(int64_t parameter) {
  parameters_.push_back(parameter);
  ++nodes_[size_ - 1].parameters_count;
}

void Tape::backward(Var output) {
  const int32_t out = check_operand(output);
  if (value(out).size() != 1)
    throw Error(fmt::format("backward needs a single-valued output, got shape {}",
                            value(out).shape().to_string()));
  if (adjoints_.size() < nodes_.size()) adjoints_.resize(nodes_.size());
  adjoint_state_.assign(size_, AdjointState::kUnset);
  adjoints_[out].assign(value(out).shape(), Eigen::ArrayXd::Ones(1));
  adjoint_state_[out] = AdjointState::kSet;
  for (int32_t i = out; i >= 0; --i) {
    const Node& node = nodes_[i];
    if (adjoint_state_[i] == AdjointState::kSet && node.needs_gradient && node.backward != nullptr) {
      if (node.deferred) compute_deferred(i);  // its backward step may read its value
      node.backward(*this, i);
    }
  }
  backward_done_ = true;
}

const Array& Tape::adjoint(Var v) {
  const int32_t index = check_operand(v);
  if (!backward_done_) throw Error("adjoint() before backward() on this tape");
  if (adjoint_state_[index] == AdjointState::kHandedOn)
    throw Error("the adjoint of an intermediate value was handed on to its operands; "
                "adjoints are kept for leaves and constants");
  return adjoint_for_update(index);
}

std::vector<Array> Tape::gradient(Var output, std::span<const Var> wrt) {
  backward(output);
  std::vector<Array> adjoints;
  adjoints.reserve(wrt.size());
  for (Var v : wrt) adjoints.push_back(adjoint(v));
  return adjoints;
}

Array& Tape::adjoint_for_update(int32_t operand) {
  Array& adjoint = adjoints_[operand];
  if (adjoint_state_[operand] == AdjointState::kUnset) {
    const Shape& shape = shape_of(operand);
    adjoint.assign(shape, Eigen::ArrayXd::Zero(shape.numel()));
    adjoint_state_[operand] = AdjointState::kSet;
  }
  return adjoint;
}

void Tape::hand_on_adjoint(int32_t index, int32_t operand) {
  if (!needs_gradient(operand)) return;
  Array& own = adjoints_[index];
  const Shape& operand_shape = shape_of(operand);
  if (own.size() != operand_shape.numel()) {
    accumulate_broadcast(operand, own.shape(), own.values());
  } else if (adjoint_state_[operand] == AdjointState::kSet) {
    accumulate(operand, own.values());
  } else {
    std::swap(adjoints_[operand], own);
    adjoints_[operand].set_shape(operand_shape);
    adjoint_state_[operand] = AdjointState::kSet;
    adjoint_state_[index] = AdjointState::kHandedOn;
  }
}

}  // namespace ppl::ad
