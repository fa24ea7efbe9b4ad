#include "ad/ops_layout.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "ad/record.h"

namespace ppl::ad {

namespace {

Var record_with_value(Var a, BackwardFn backward, ForwardFn forward, Array value) {
  return detail::record_with_value({a}, backward, forward, std::move(value));
}

// Forward steps for replay; each keeps the node's recorded shape.
void reshape_forward(Tape& tape, int32_t index) {
  Node& node = tape.node(index);
  const Shape shape = node.value.shape();
  node.value.assign(shape, tape.value(node.operands[0]).values());
}

void transpose_forward(Tape& tape, int32_t index) {
  Node& node = tape.node(index);
  const std::span<const int64_t> stored = tape.parameters(node);
  std::array<int, Shape::kMaxRank> permutation{};
  for (size_t k = 0; k < stored.size(); ++k) permutation[k] = static_cast<int>(stored[k]);
  node.value = ppl::transpose(tape.value(node.operands[0]),
                              std::span(permutation.data(), stored.size()));
}

void take_forward(Tape& tape, int32_t index) {
  Node& node = tape.node(index);
  const Shape shape = node.value.shape();
  ppl::take_into(tape.value(node.operands[0]), tape.parameters(node), node.axis, node.value);
  node.value.set_shape(shape);
}

void slice_forward(Tape& tape, int32_t index) {
  Node& node = tape.node(index);
  const std::span<const int64_t> bounds = tape.parameters(node);
  const Array& a = tape.value(node.operands[0]);
  if (bounds.size() == 2 && a.rank() > 0) {
    // Along the leading axis only: one contiguous block, copied in place.
    const int64_t inner = a.shape()[0] > 0 ? a.size() / a.shape()[0] : 0;
    const Shape shape = node.value.shape();
    const int64_t dim = a.shape()[0];
    const int64_t start = std::clamp<int64_t>(bounds[0] < 0 ? bounds[0] + dim : bounds[0], 0, dim);
    node.value.assign(shape, a.values().segment(start * inner, shape.numel()));
    return;
  }
  std::array<SliceRange, Shape::kMaxRank> ranges{};
  const size_t count = bounds.size() / 2;
  for (size_t k = 0; k < count; ++k) ranges[k] = {bounds[2 * k], bounds[2 * k + 1]};
  node.value = ppl::slice(tape.value(node.operands[0]), std::span(ranges.data(), count));
}

std::vector<Array> part_values(const Tape& tape, const Node& node) {
  std::vector<Array> values;
  for (int64_t part : tape.parameters(node)) values.push_back(tape.value(static_cast<int32_t>(part)));
  return values;
}

void concat_forward(Tape& tape, int32_t index) {
  Node& node = tape.node(index);
  node.value = ppl::concat(part_values(tape, node), node.axis);
}

void stack_forward(Tape& tape, int32_t index) {
  Node& node = tape.node(index);
  node.value = ppl::stack(part_values(tape, node), node.axis);
}

// The adjoint goes back unchanged: only the shape differs.
void reshape_backward(Tape& tape, int32_t index) {
  tape.hand_on_adjoint(index, tape.node(index).operands[0]);
}

void transpose_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const std::span<const int64_t> stored = tape.parameters(node);
  std::array<int, Shape::kMaxRank> permutation{};
  for (size_t k = 0; k < stored.size(); ++k) permutation[stored[k]] = static_cast<int>(k);
  tape.accumulate(node.operands[0],
                  ppl::transpose(tape.adjoint_of(index), std::span(permutation.data(), stored.size()))
                      .values());
}

void take_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const int32_t a = node.operands[0];
  if (!tape.needs_gradient(a)) return;
  scatter_add(tape.adjoint_for_update(a), tape.parameters(node), node.axis,
              tape.adjoint_of(index));
}

void slice_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const int32_t a = node.operands[0];
  if (!tape.needs_gradient(a)) return;
  const std::span<const int64_t> bounds = tape.parameters(node);
  const Array& operand = tape.value(a);
  if (bounds.size() == 2 && operand.rank() > 0) {
    // Along the leading axis only: one contiguous block.
    const int64_t dim = operand.shape()[0];
    const int64_t inner = dim > 0 ? operand.size() / dim : 0;
    const int64_t start = std::clamp<int64_t>(bounds[0] < 0 ? bounds[0] + dim : bounds[0], 0, dim);
    const Array& g = tape.adjoint_of(index);
    tape.adjoint_for_update(a).mutable_values().segment(start * inner, g.size()) += g.values();
    return;
  }
  std::array<SliceRange, Shape::kMaxRank> ranges{};
  const size_t count = bounds.size() / 2;
  for (size_t k = 0; k < count; ++k) ranges[k] = {bounds[2 * k], bounds[2 * k + 1]};
  add_to_slice(tape.adjoint_for_update(a), std::span(ranges.data(), count),
               tape.adjoint_of(index));
}

// Each part gets its block of the adjoint along the concatenation axis.
void concat_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const Array& g = tape.adjoint_of(index);
  std::array<SliceRange, Shape::kMaxRank> ranges{};
  int64_t start = 0;
  for (int64_t part : tape.parameters(node)) {
    const int64_t length = tape.value(static_cast<int32_t>(part)).shape()[node.axis];
    ranges[node.axis] = {start, start + length};
    start += length;
    if (tape.needs_gradient(static_cast<int32_t>(part)))
      tape.accumulate(static_cast<int32_t>(part),
                      ppl::slice(g, std::span(ranges.data(), node.axis + 1)).values());
  }
}

void stack_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const Array& g = tape.adjoint_of(index);
  int64_t position = 0;
  for (int64_t part : tape.parameters(node)) {
    const int64_t at[] = {position++};
    if (tape.needs_gradient(static_cast<int32_t>(part)))
      tape.accumulate(static_cast<int32_t>(part), ppl::take(g, at, node.axis).values());
  }
}

std::vector<Array> values_of(std::span<const Var> parts) {
  std::vector<Array> values;
  values.reserve(parts.size());
  for (Var part : parts) values.push_back(part.value());
  return values;
}

Var record_parts(std::span<const Var> parts, BackwardFn backward, ForwardFn forward, int axis,
                 Array value) {
  if (parts.empty()) throw Error("concat and stack need at least one part");
  Tape& tape = parts[0].tape();
  const Var out = tape.record_variadic(backward, parts);
  tape.set_forward(forward);
  Node& node = tape.node(out.index());
  node.axis = axis;
  node.value = std::move(value);
  // Joined along the leading axis, the parts' elements follow one another.
  if (axis == 0) tape.set_scalar(out, ScalarOp::Concat);
  return out;
}

}  // namespace

Var reshape(Var a, const Shape& shape) {
  if (shape.numel() != a.value().size())
    throw Error(fmt::format("cannot reshape an array of shape {} into shape {}",
                            a.shape().to_string(), shape.to_string()));
  Tape& tape = a.tape();
  const Var out = tape.record(reshape_backward, {a});
  tape.set_forward(reshape_forward);
  tape.node(out.index()).value.assign(shape, tape.value(a.index()).values());
  tape.set_scalar(out, ScalarOp::Alias);
  return out;
}

Var transpose(Var a) {
  std::array<int, Shape::kMaxRank> reversed{};
  const int rank = a.shape().rank();
  for (int k = 0; k < rank; ++k) reversed[k] = rank - 1 - k;
  return transpose(a, std::span(reversed.data(), rank));
}

Var transpose(Var a, std::span<const int> permutation) {
  Array value = ppl::transpose(a.value(), permutation);
  const Var out = record_with_value(a, transpose_backward, transpose_forward, std::move(value));
  for (int axis : permutation) a.tape().push_parameter(normalize_axis(axis, a.shape().rank()));
  return out;
}

Var index(Var a, int64_t i) {
  const int64_t indices[] = {i};
  const Var out = take(a, indices, 0);
  a.tape().node(out.index()).value.set_shape(reduced_shape(a.shape(), 0, /*keepdims=*/false));
  // Row i along the first axis: a contiguous run of the operand's elements.
  const int64_t row = i < 0 ? i + a.shape()[0] : i;
  a.tape().set_scalar(out, ScalarOp::Element, nullptr, static_cast<int32_t>(row * out.value().size()));
  return out;
}

Var take(Var a, std::span<const int64_t> indices, int axis) {
  axis = normalize_axis(axis, a.shape().rank());
  const Var out = record_with_value(a, take_backward, take_forward, ppl::take(a.value(), indices, axis));
  Tape& tape = a.tape();
  tape.node(out.index()).axis = axis;
  for (int64_t i : indices) tape.push_parameter(i);
  if (out.value().size() == 1) {
    // One element, at a position along `axis` of an operand whose other axes have one entry.
    const int64_t i = indices[0];
    tape.set_scalar(out, ScalarOp::Element, nullptr,
                    static_cast<int32_t>(i < 0 ? i + a.shape()[axis] : i));
  }
  return out;
}

Var take(Var a, const Array& indices, int axis) {
  axis = normalize_axis(axis, a.shape().rank());
  const Var out = record_with_value(a, take_backward, take_forward, ppl::take(a.value(), indices, axis));
  Tape& tape = a.tape();
  tape.node(out.index()).axis = axis;
  for (double i : indices.values()) tape.push_parameter(static_cast<int64_t>(i));
  return out;
}

Var slice(Var a, std::span<const SliceRange> ranges) {
  const Var out = record_with_value(a, slice_backward, slice_forward, ppl::slice(a.value(), ranges));
  for (const SliceRange& range : ranges) {
    a.tape().push_parameter(range.start);
    a.tape().push_parameter(range.stop);
  }
  // One element, or a run of a vector's: contiguous in the operand.
  if (out.value().size() == 1 || a.shape().rank() == 1)
    a.tape().set_scalar(out, ScalarOp::Element, nullptr,
                        static_cast<int32_t>(ppl::slice_offset(a.shape(), ranges)));
  return out;
}

Var concat(std::span<const Var> parts, int axis) {
  Array value = ppl::concat(values_of(parts), axis);
  return record_parts(parts, concat_backward, concat_forward, normalize_axis(axis, value.rank()), std::move(value));
}

Var concat(std::initializer_list<Var> parts, int axis) {
  return concat(std::span<const Var>(parts.begin(), parts.size()), axis);
}

Var stack(std::span<const Var> parts, int axis) {
  Array value = ppl::stack(values_of(parts), axis);
  return record_parts(parts, stack_backward, stack_forward, normalize_axis(axis, value.rank()), std::move(value));
}

Var stack(std::initializer_list<Var> parts, int axis) {
  return stack(std::span<const Var>(parts.begin(), parts.size()), axis);
}

}  // namespace ppl::ad
