#include "core/array_reduce.h"

#include <cmath>
#include <limits>

#include "core/array_math.h"

namespace ppl {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

using LaneBlock =
    Eigen::Map<const Eigen::Array<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>;
using LaneRow = Eigen::Map<Eigen::Array<double, 1, Eigen::Dynamic>>;

// Reduces `a` along `axis`: for each outer index, `reduce_block` turns the
// [length, inner] block into a row of `inner` results.
template <class ReduceBlock>
Array reduce_axis(const Array& a, int axis, bool keepdims, ReduceBlock reduce_block) {
  axis = normalize_axis(axis, a.rank());
  const AxisSplit split = split_at_axis(a.shape(), axis);
  Array out;
  out.resize(reduced_shape(a.shape(), axis, keepdims));
  for (int64_t o = 0; o < split.outer; ++o) {
    LaneBlock block(a.data() + o * split.length * split.inner, split.length, split.inner);
    LaneRow row(out.data() + o * split.inner, split.inner);
    reduce_block(block, row);
  }
  return out;
}

// Keeps NaN: once the running extreme is NaN, no comparison replaces it.
template <class Better>
void extreme_of_block(const LaneBlock& block, LaneRow& row, double identity, Better better) {
  row.setConstant(identity);
  for (Eigen::Index k = 0; k < block.rows(); ++k)
    for (Eigen::Index i = 0; i < block.cols(); ++i) {
      const double v = block(k, i);
      if (better(v, row[i]) || std::isnan(v)) row[i] = v;
    }
}

void max_of_block(const LaneBlock& block, LaneRow& row) {
  extreme_of_block(block, row, -kInf, [](double v, double best) { return v > best; });
}

void min_of_block(const LaneBlock& block, LaneRow& row) {
  extreme_of_block(block, row, kInf, [](double v, double best) { return v < best; });
}

void logsumexp_of_block(const LaneBlock& block, LaneRow& row) {
  max_of_block(block, row);
  for (Eigen::Index i = 0; i < block.cols(); ++i) {
    // Shift by a finite maximum only: all -inf gives -inf, any +inf gives +inf.
    const double shift = std::isfinite(row[i]) ? row[i] : 0.0;
    row[i] = shift + std::log((block.col(i) - shift).exp().sum());
  }
}

// Reduces all of `a`, seen as one lane of a.size() elements.
template <class ReduceBlock>
Array reduce_all(const Array& a, ReduceBlock reduce_block) {
  Array out(0.0);
  LaneBlock block(a.data(), a.size(), 1);
  LaneRow row(out.data(), 1);
  reduce_block(block, row);
  return out;
}

}  // namespace

Array sum(const Array& a) { return Array(a.values().sum()); }
Array sum(const Array& a, int axis, bool keepdims) {
  return reduce_axis(a, axis, keepdims,
                     [](const LaneBlock& block, LaneRow& row) { row = block.colwise().sum(); });
}

Array mean(const Array& a) { return Array(a.values().sum() / static_cast<double>(a.size())); }
Array mean(const Array& a, int axis, bool keepdims) {
  return reduce_axis(a, axis, keepdims, [](const LaneBlock& block, LaneRow& row) {
    row = block.colwise().sum() / static_cast<double>(block.rows());
  });
}

Array prod(const Array& a) { return Array(a.values().prod()); }
Array prod(const Array& a, int axis, bool keepdims) {
  return reduce_axis(a, axis, keepdims,
                     [](const LaneBlock& block, LaneRow& row) { row = block.colwise().prod(); });
}

Array max(const Array& a) { return reduce_all(a, max_of_block); }
Array max(const Array& a, int axis, bool keepdims) {
  return reduce_axis(a, axis, keepdims, max_of_block);
}

Array min(const Array& a) { return reduce_all(a, min_of_block); }
Array min(const Array& a, int axis, bool keepdims) {
  return reduce_axis(a, axis, keepdims, min_of_block);
}

Array logsumexp(const Array& a) { return reduce_all(a, logsumexp_of_block); }
Array logsumexp(const Array& a, int axis, bool keepdims) {
  return reduce_axis(a, axis, keepdims, logsumexp_of_block);
}

namespace {

// Each element combined with its neighbour along the axis, running forward
// (from the first element) or backward (from the last): cumulative sums and
// products.
template <class Combine>
Array running(const Array& a, int axis, bool forward, Combine combine) {
  axis = normalize_axis(axis, a.rank());
  const AxisSplit split = split_at_axis(a.shape(), axis);
  Array out = a;
  for (int64_t o = 0; o < split.outer; ++o) {
    double* block = out.data() + o * split.length * split.inner;
    for (int64_t step = 1; step < split.length; ++step) {
      const int64_t k = forward ? step : split.length - 1 - step;
      const int64_t from = forward ? k - 1 : k + 1;
      for (int64_t i = 0; i < split.inner; ++i)
        block[k * split.inner + i] =
            combine(block[k * split.inner + i], block[from * split.inner + i]);
    }
  }
  return out;
}

}  // namespace

Array cumsum(const Array& a, int axis) {
  return running(a, axis, /*forward=*/true, [](double x, double y) { return x + y; });
}

Array reverse_cumsum(const Array& a, int axis) {
  return running(a, axis, /*forward=*/false, [](double x, double y) { return x + y; });
}

Array cumprod(const Array& a, int axis) {
  return running(a, axis, /*forward=*/true, [](double x, double y) { return x * y; });
}

Array softmax(const Array& a, int axis) {
  return exp(log_softmax(a, axis));
}

Array log_softmax(const Array& a, int axis) {
  return a - logsumexp(a, axis, /*keepdims=*/true);
}

}  // namespace ppl
