#include "ad/ops_reduce.h"

#include <cmath>
#include <limits>
#include <vector>

#include "core/array_reduce.h"

namespace ppl::ad {

namespace {

// Node::axis of a reduction over all elements.
constexpr int32_t kWholeArray = std::numeric_limits<int32_t>::min();

bool over_whole_array(const Node& node) { return node.axis == kWholeArray; }

// The lanes a reduction node reduced: the whole array is one lane.
AxisSplit lanes_of(const Node& node, const Shape& operand_shape) {
  if (over_whole_array(node)) return AxisSplit{1, operand_shape.numel(), 1};
  return split_at_axis(operand_shape, node.axis);
}

// Calls f(expanded) with `reduced` (shaped like the node's value) aligned with
// the operand's shape: repeated along the reduced axis.
template <class F>
void expand_reduced(const Node& node, const Array& reduced, const Shape& operand_shape, F f) {
  if (over_whole_array(node)) {
    f(Eigen::ArrayXd::Constant(operand_shape.numel(), reduced.item()));
    return;
  }
  Array with_axis = reduced;
  with_axis.set_shape(reduced_shape(operand_shape, node.axis, /*keepdims=*/true));
  with_aligned(with_axis, operand_shape, f);
}

// A reduction's forward step for replay: Reduce is one of the structs below,
// computing a lane reduction or a whole-array one from the node's axis.
template <class Reduce>
void reduction_forward(Tape& tape, int32_t index) {
  Node& node = tape.node(index);
  const Array& x = tape.value(node.operands[0]);
  if (over_whole_array(node)) {
    node.value.mutable_values()[0] = Reduce::whole(x);
  } else {
    const Shape shape = node.value.shape();
    node.value.assign(shape, Reduce::along(x, node.axis, node.keepdims).values());
  }
}

struct SumReduce {
  static double whole(const Array& x) { return x.values().sum(); }
  static Array along(const Array& x, int axis, bool keepdims) { return ppl::sum(x, axis, keepdims); }
};
// A reduction from core's whole-array and along-an-axis functions.
template <Array (*Whole)(const Array&), Array (*Along)(const Array&, int, bool)>
struct Reduction {
  static double whole(const Array& x) { return Whole(x).item(); }
  static Array along(const Array& x, int axis, bool keepdims) { return Along(x, axis, keepdims); }
};
using MeanReduce = Reduction<ppl::mean, ppl::mean>;
using ProdReduce = Reduction<ppl::prod, ppl::prod>;
using MaxReduce = Reduction<ppl::max, ppl::max>;
using MinReduce = Reduction<ppl::min, ppl::min>;
using LogSumExpReduce = Reduction<ppl::logsumexp, ppl::logsumexp>;

// The forward step of an operation lane by lane along the node's axis
// (cumsum, softmax), which keeps the operand's shape.
template <Array (*Along)(const Array&, int)>
void lane_forward(Tape& tape, int32_t index) {
  Node& node = tape.node(index);
  node.value = Along(tape.value(node.operands[0]), node.axis);
}

// Records a reduction (or lane operation) whose value is `value`; axis is
// kWholeArray or normalized.
Var record_reduction(Var a, BackwardFn backward, ForwardFn forward, int32_t axis, bool keepdims,
                     Array value) {
  Tape& tape = a.tape();
  const Var out = tape.record(backward, {a});
  tape.set_forward(forward);
  Node& node = tape.node(out.index());
  node.axis = axis;
  node.keepdims = keepdims;
  node.value = std::move(value);
  return out;
}

void sum_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const int32_t a = node.operands[0];
  if (!over_whole_array(node) && tape.needs_gradient(a)) {
    const AxisSplit lanes = lanes_of(node, tape.value(a).shape());
    if (lanes.inner == 1) {
      // Along the last axis (an event dim's sum): each lane's adjoint added
      // to its elements in place, without a broadcast copy.
      double* adjoint = tape.adjoint_for_update(a).data();
      const double* g = tape.adjoint_of(index).data();
      for (int64_t o = 0; o < lanes.outer; ++o, adjoint += lanes.length)
        for (int64_t k = 0; k < lanes.length; ++k) adjoint[k] += g[o];
      return;
    }
  }
  expand_reduced(node, tape.adjoint_of(index), tape.value(a).shape(),
                 [&](const auto& g) { tape.accumulate(a, g); });
}

void mean_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const int32_t a = node.operands[0];
  const Shape& shape = tape.value(a).shape();
  const double count = static_cast<double>(lanes_of(node, shape).length);
  expand_reduced(node, tape.adjoint_of(index), shape,
                 [&](const auto& g) { tape.accumulate(a, g / count); });
}

// One lane of an axis split: its k-th element is at first + k * stride.
struct Lane {
  int64_t first, stride;
  int64_t at(int64_t k) const { return first + k * stride; }
};

// Calls f(lane, its position among the lanes) for each lane.
template <class F>
void for_each_lane(const AxisSplit& lanes, F f) {
  for (int64_t o = 0; o < lanes.outer; ++o)
    for (int64_t i = 0; i < lanes.inner; ++i)
      f(Lane{o * lanes.length * lanes.inner + i, lanes.inner}, o * lanes.inner + i);
}

// before[k] = prod_{j<k} x at lane's j-th element.
void products_before(const double* x, Lane lane, std::vector<double>& before) {
  double product = 1.0;
  for (size_t k = 0; k < before.size(); ++k) {
    before[k] = product;
    product *= x[lane.at(static_cast<int64_t>(k))];
  }
}

void prod_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const int32_t a = node.operands[0];
  const Array& x = tape.value(a);
  const Array& g = tape.adjoint_of(index);
  const AxisSplit lanes = lanes_of(node, x.shape());
  // The derivative of a product by one factor is the product of the others,
  // taken as (product before) * (product after) rather than prod / x_k, which
  // fails when x_k is zero.
  Array& adjoint = tape.adjoint_for_update(a);
  std::vector<double> before(lanes.length);
  for_each_lane(lanes, [&](Lane lane, int64_t position) {
    products_before(x.data(), lane, before);
    const double lane_adjoint = g.values()[position];
    double after = 1.0;
    for (int64_t k = lanes.length - 1; k >= 0; --k) {
      adjoint.data()[lane.at(k)] += lane_adjoint * before[k] * after;
      after *= x.data()[lane.at(k)];
    }
  });
}

// The backward step of max and min: each lane's adjoint goes to the first
// element equal to the lane's result.
void extreme_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const int32_t a = node.operands[0];
  const Array& x = tape.value(a);
  const Array& g = tape.adjoint_of(index);
  const AxisSplit lanes = lanes_of(node, x.shape());
  Array& adjoint = tape.adjoint_for_update(a);
  for_each_lane(lanes, [&](Lane lane, int64_t position) {
    for (int64_t k = 0; k < lanes.length; ++k) {
      if (x.data()[lane.at(k)] == node.value.data()[position]) {
        adjoint.data()[lane.at(k)] += g.data()[position];
        break;
      }
    }
  });
}

void logsumexp_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const int32_t a = node.operands[0];
  const Array& x = tape.value(a);
  // d/dx logsumexp(x) = exp(x - logsumexp(x)), the softmax of the lane.
  expand_reduced(node, tape.adjoint_of(index), x.shape(), [&](const auto& g) {
    expand_reduced(node, node.value, x.shape(), [&](const auto& result) {
      tape.accumulate(a, g * (x.values() - result).exp());
    });
  });
}

void softmax_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const int32_t a = node.operands[0];
  const Shape& shape = node.value.shape();
  const Eigen::ArrayXd& y = node.value.values();
  const Eigen::ArrayXd& g = tape.adjoint_of(index).values();
  Array weighted;
  weighted.assign(shape, g * y);
  const Array lane_sums = ppl::sum(weighted, node.axis, /*keepdims=*/true);
  with_aligned(lane_sums, shape, [&](const auto& s) { tape.accumulate(a, y * (g - s)); });
}

void log_softmax_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const int32_t a = node.operands[0];
  const Shape& shape = node.value.shape();
  const Array& g = tape.adjoint_of(index);
  const Array lane_sums = ppl::sum(g, node.axis, /*keepdims=*/true);
  with_aligned(lane_sums, shape, [&](const auto& s) {
    tape.accumulate(a, g.values() - node.value.values().exp() * s);
  });
}

void cumsum_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  tape.accumulate(node.operands[0], reverse_cumsum(tape.adjoint_of(index), node.axis).values());
}

// With y_i the running product, d(sum_i g_i y_i)/dx_k = before_k * S_k,
// before_k = prod_{j<k} x_j and S_k = g_k + x_{k+1} S_{k+1} (the sum over the
// running products from k on, without dividing by x_k, which may be zero).
void cumprod_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const int32_t a = node.operands[0];
  const Array& x = tape.value(a);
  const Array& g = tape.adjoint_of(index);
  const AxisSplit lanes = split_at_axis(x.shape(), node.axis);
  Array& adjoint = tape.adjoint_for_update(a);
  std::vector<double> before(lanes.length);
  for_each_lane(lanes, [&](Lane lane, int64_t) {
    products_before(x.data(), lane, before);
    double tail = 0.0;  // S_{k+1}
    for (int64_t k = lanes.length - 1; k >= 0; --k) {
      const double next_factor = k + 1 < lanes.length ? x.data()[lane.at(k + 1)] : 0.0;
      tail = g.data()[lane.at(k)] + next_factor * tail;
      adjoint.data()[lane.at(k)] += before[k] * tail;
    }
  });
}

int32_t axis_of(Var a, int axis) { return normalize_axis(axis, a.shape().rank()); }

// Reductions to one value write it into the node's own buffer.
template <class Reduce>
Var reduce_whole(Var a, BackwardFn backward, double value) {
  Tape& tape = a.tape();
  const Var out = tape.record(backward, {a});
  tape.set_forward(&reduction_forward<Reduce>);
  Node& node = tape.node(out.index());
  node.axis = kWholeArray;
  node.value.assign(Shape{}, Eigen::ArrayXd::Constant(1, value));
  return out;
}

template <class Reduce>
Var reduce_all(Var a, BackwardFn backward) {
  const Var out = reduce_whole<Reduce>(a, backward, Reduce::whole(a.value()));
  // Each reduction here (sum, mean, prod, max, min, logsumexp) of a single
  // element is that element.
  if (out.index() != a.index())
    a.tape().set_scalar(out, std::is_same_v<Reduce, SumReduce> ? ScalarOp::Sum : ScalarOp::Alias);
  return out;
}
template <class Reduce>
Var reduce_along(Var a, BackwardFn backward, int axis, bool keepdims) {
  const Var out = record_reduction(a, backward, &reduction_forward<Reduce>, axis_of(a, axis),
                                   keepdims, Reduce::along(a.value(), axis, keepdims));
  if (out.index() != a.index()) a.tape().set_scalar(out, ScalarOp::Alias);
  return out;
}
// An operation lane by lane along an axis, keeping the shape.
template <Array (*Along)(const Array&, int)>
Var along_lanes(Var a, BackwardFn backward, int axis) {
  return record_reduction(a, backward, &lane_forward<Along>, axis_of(a, axis),
                          /*keepdims=*/false, Along(a.value(), axis));
}

}  // namespace

Var sum(Var a) {
  // The total of a density's elementwise values is its fused sum: one pass
  // forward and one backward, the elementwise node left unread by replay.
  const SumRecorder fused_sum = a.tape().node(a.index()).fused_sum;
  if (fused_sum != nullptr && a.shape().numel() > 1) return fused_sum(a.tape(), a.index());
  return reduce_all<SumReduce>(a, sum_backward);
}
Var sum(Var a, int axis, bool keepdims) {
  return reduce_along<SumReduce>(a, sum_backward, axis, keepdims);
}
Var mean(Var a) { return reduce_all<MeanReduce>(a, mean_backward); }
Var mean(Var a, int axis, bool keepdims) {
  return reduce_along<MeanReduce>(a, mean_backward, axis, keepdims);
}
Var prod(Var a) { return reduce_all<ProdReduce>(a, prod_backward); }
Var prod(Var a, int axis, bool keepdims) {
  return reduce_along<ProdReduce>(a, prod_backward, axis, keepdims);
}
Var max(Var a) { return reduce_all<MaxReduce>(a, extreme_backward); }
Var max(Var a, int axis, bool keepdims) {
  return reduce_along<MaxReduce>(a, extreme_backward, axis, keepdims);
}
Var min(Var a) { return reduce_all<MinReduce>(a, extreme_backward); }
Var min(Var a, int axis, bool keepdims) {
  return reduce_along<MinReduce>(a, extreme_backward, axis, keepdims);
}
Var logsumexp(Var a) { return reduce_all<LogSumExpReduce>(a, logsumexp_backward); }
Var logsumexp(Var a, int axis, bool keepdims) {
  return reduce_along<LogSumExpReduce>(a, logsumexp_backward, axis, keepdims);
}

Var cumprod(Var a, int axis) { return along_lanes<ppl::cumprod>(a, cumprod_backward, axis); }
Var cumsum(Var a, int axis) { return along_lanes<ppl::cumsum>(a, cumsum_backward, axis); }
Var softmax(Var a, int axis) { return along_lanes<ppl::softmax>(a, softmax_backward, axis); }
Var log_softmax(Var a, int axis) {
  return along_lanes<ppl::log_softmax>(a, log_softmax_backward, axis);
}

}  // namespace ppl::ad
