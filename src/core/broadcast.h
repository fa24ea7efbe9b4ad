#pragma once
// Broadcasting arrays against a shape: expanding an array into a larger shape,
// summing a broadcast array back down (what a gradient needs), and handing two
// operands to an elementwise Eigen expression already aligned with the result.
#include <Eigen/Core>

#include "core/array.h"

namespace ppl {

// `a` expanded to `shape`, which must be a broadcast of a's shape.
Array broadcast_to(const Array& a, const Shape& shape);

// The inverse of broadcasting: `a` summed over the axes along which an array
// of `shape` was broadcast to a's shape.
Array sum_to_shape(const Array& a, const Shape& shape);
// The same, added into `target`, whose shape is the one summed down to (no
// array is made: a gradient's running sum).
void add_summed_to_shape(const Array& a, Array& target);

// Whether arrays of shapes a and b pair their elements one to one: the
// shapes are equal once leading ones are dropped.
bool same_layout(const Shape& a, const Shape& b);

// Calls f(x) with `a`'s values aligned with `out`, a broadcast of a's shape:
// a's own values when the shapes agree, a constant expression when `a` has one
// element, and a materialized broadcast otherwise. Only the last case does any
// index arithmetic; the other two keep f's expression a plain Eigen one.
template <class F>
void with_aligned(const Array& a, const Shape& out, F&& f) {
  if (a.shape() == out) {
    f(a.values());
  } else if (a.size() == 1) {
    f(Eigen::ArrayXd::Constant(out.numel(), a.values()[0]));
  } else {
    const Array expanded = broadcast_to(a, out);
    f(expanded.values());
  }
}

// Calls f(x, y) with both operands aligned with `out`.
template <class F>
void with_aligned(const Array& a, const Array& b, const Shape& out, F&& f) {
  with_aligned(a, out, [&](const auto& x) {
    with_aligned(b, out, [&](const auto& y) { f(x, y); });
  });
}

}  // namespace ppl
