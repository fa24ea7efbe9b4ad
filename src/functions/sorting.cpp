// Built-ins that order values along an axis: sort, argsort, argmax, argmin,
// median. NaN sorts last and wins argmax and argmin, as in NumPy; ties keep
// their order (NumPy's kind="stable").
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <span>
#include <vector>

#include "ad/ops.h"
#include "core/error.h"
#include "functions/registry.h"

namespace ppl::functions {
namespace {

// The lanes of a row-major shape along one axis: `outer` x `inner` lanes of
// `length` elements; element j of the lane at `base` is at base + j * inner.
struct Lanes {
  int64_t outer = 1, length = 1, inner = 1;

  Lanes(const Shape& shape, int axis) {
    for (int d = 0; d < shape.rank(); ++d) {
      if (d < axis)
        outer *= shape[d];
      else if (d == axis)
        length = shape[d];
      else
        inner *= shape[d];
    }
  }
  template <class Visit>
  void each(Visit visit) const {
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t i = 0; i < inner; ++i) visit(o * length * inner + i);
  }
};

// NaN after every number.
bool comes_before(double a, double b) { return a < b || (!std::isnan(a) && std::isnan(b)); }

// Each lane's positions in sorted order, lane by lane.
std::vector<std::vector<int64_t>> lane_orders(const Array& x, const Lanes& lanes) {
  std::vector<std::vector<int64_t>> orders;
  lanes.each([&](int64_t base) {
    std::vector<int64_t> order(lanes.length);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
      return comes_before(x.values()[base + a * lanes.inner], x.values()[base + b * lanes.inner]);
    });
    orders.push_back(std::move(order));
  });
  return orders;
}

// x's elements at flat positions `from`, in the shape `shape`: gradients
// flow back to the elements taken.
ad::Var gather(const ad::Var& x, const std::vector<int64_t>& from, const Shape& shape) {
  const ad::Var flat = ad::reshape(x, Shape{x.shape().numel()});
  return ad::reshape(ad::take(flat, std::span<const int64_t>(from), 0), shape);
}

// The axis argument `i`, or the last axis of the program's dims flattened
// when it is absent: (operand, axis).
std::pair<ad::Var, int> operand_and_axis(const BuiltinCall& c, size_t i) {
  if (c.given(i)) return {c.x(), c.axis(i)};
  return {flatten_program_dims(c.x(), c.leading()), -1};
}

int positive(int axis, const Shape& shape) { return axis < 0 ? axis + shape.rank() : axis; }

ad::Var sorted(const ad::Var& x, int axis) {
  const Lanes lanes(x.shape(), positive(axis, x.shape()));
  const auto orders = lane_orders(x.value(), lanes);
  std::vector<int64_t> from(x.shape().numel());
  size_t lane = 0;
  lanes.each([&](int64_t base) {
    for (int64_t j = 0; j < lanes.length; ++j)
      from[base + j * lanes.inner] = base + orders[lane][j] * lanes.inner;
    ++lane;
  });
  return gather(x, from, x.shape());
}

Shape without_axis(const Shape& shape, int axis) {
  Shape out;
  for (int d = 0; d < shape.rank(); ++d)
    if (d != axis) out.push_back(shape[d]);
  return out;
}

// The index along the axis of each lane's extreme: the first NaN, else the
// first largest (or smallest).
ad::Var extreme_index(const BuiltinCall& c, bool largest) {
  const auto operand = operand_and_axis(c, 1);
  const ad::Var& x = operand.first;
  const int axis = positive(operand.second, x.shape());
  const Lanes lanes(x.shape(), axis);
  if (lanes.length == 0)
    throw Error(fmt::format("{} of an empty sequence", largest ? "argmax" : "argmin"));
  Eigen::ArrayXd out(lanes.outer * lanes.inner);
  int64_t k = 0;
  lanes.each([&](int64_t base) {
    int64_t best = 0;
    const auto at = [&](int64_t j) { return x.value().values()[base + j * lanes.inner]; };
    for (int64_t j = 1; j < lanes.length && !std::isnan(at(best)); ++j)
      if (std::isnan(at(j)) || (largest ? at(j) > at(best) : at(j) < at(best))) best = j;
    out[k++] = static_cast<double>(best);
  });
  return c.tape().constant(Array(without_axis(x.shape(), axis), std::move(out)));
}

// The middle of each sorted lane (the mean of the two middle ones for an
// even length); NaN where a lane holds one.
ad::Var median_along(const ad::Var& x, int axis_argument) {
  const int axis = positive(axis_argument, x.shape());
  const Lanes lanes(x.shape(), axis);
  if (lanes.length == 0) throw Error("median of an empty sequence");
  const auto orders = lane_orders(x.value(), lanes);
  const Shape shape = without_axis(x.shape(), axis);
  std::vector<int64_t> low(shape.numel()), high(shape.numel());
  size_t lane = 0;
  lanes.each([&](int64_t base) {
    const auto& order = orders[lane];
    // NaN sorts last: a lane with one has it at its end.
    const bool has_nan = std::isnan(x.value().values()[base + order.back() * lanes.inner]);
    const int64_t lo = has_nan ? lanes.length - 1 : (lanes.length - 1) / 2;
    const int64_t hi = has_nan ? lanes.length - 1 : lanes.length / 2;
    low[lane] = base + order[lo] * lanes.inner;
    high[lane] = base + order[hi] * lanes.inner;
    ++lane;
  });
  return 0.5 * (gather(x, low, shape) + gather(x, high, shape));
}

}  // namespace

void add_sorting(FunctionList& list) {
  list.push_back({.name = "sort",
                  .params = {required_param("x"), default_param("axis", -1)},
                  .result = R::SameAsFirst,
                  .counts_axes = true,
                  .summary = "x sorted along an axis, NaN last; gradients follow the elements",
                  .implementation = [](const BuiltinCall& c) { return sorted(c.x(), c.axis(1)); }});
  list.push_back({.name = "argsort",
                  .params = {required_param("x"), default_param("axis", -1)},
                  .result = R::SameAsFirst,
                  .integer_result = true,
                  .counts_axes = true,
                  .summary = "the indices that sort x along an axis (stable)",
                  .implementation = [](const BuiltinCall& c) {
                    const int axis = positive(c.axis(1), c.x().shape());
                    const Lanes lanes(c.x().shape(), axis);
                    const auto orders = lane_orders(c.x().value(), lanes);
                    Array out = Array::zeros(c.x().shape());
                    size_t lane = 0;
                    lanes.each([&](int64_t base) {
                      for (int64_t j = 0; j < lanes.length; ++j)
                        out.mutable_values()[base + j * lanes.inner] =
                            static_cast<double>(orders[lane][j]);
                      ++lane;
                    });
                    return c.tape().constant(out);
                  }});
  for (const bool largest : {true, false})
    list.push_back({.name = largest ? "argmax" : "argmin",
                    .params = {required_param("x"), optional_param("axis")},
                    .result = R::Reduction,
                    .integer_result = true,
                    .summary = largest ? "the index of the first maximum along an axis (of the "
                                         "flattened x when absent)"
                                       : "the index of the first minimum along an axis (of the "
                                         "flattened x when absent)",
                    .implementation = [largest](const BuiltinCall& c) {
                      return extreme_index(c, largest);
                    }});
  list.push_back({.name = "median",
                  .params = {required_param("x"), optional_param("axis")},
                  .result = R::Reduction,
                  .summary = "the median along an axis, or of everything; NaN where a NaN is",
                  .implementation = [](const BuiltinCall& c) {
                    const auto operand = operand_and_axis(c, 1);
                    return median_along(operand.first, operand.second);
                  }});
}

}  // namespace ppl::functions
