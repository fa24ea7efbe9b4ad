#include "runtime/indexing.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <span>
#include <vector>

#include "ad/ops.h"
#include "core/array_layout.h"
#include "core/array_math.h"
#include "core/broadcast.h"
#include "core/error.h"

namespace ppl::runtime {

namespace {

// The positions a slice takes on an axis of `length`, by Python's rules
// (slice.indices): negative ends count from the end, ends past the axis
// are clipped, a negative step walks backwards.
std::vector<int64_t> slice_positions(const IndexPart& part, int64_t length) {
  const int64_t step = part.step.value_or(1);
  if (step == 0) throw Error("a slice's step cannot be zero");
  const auto clip = [&](std::optional<int64_t> end, int64_t fallback) {
    if (!end) return fallback;
    int64_t v = *end < 0 ? *end + length : *end;
    if (step > 0) return std::clamp<int64_t>(v, 0, length);
    return std::clamp<int64_t>(v, -1, length - 1);
  };
  const int64_t start = clip(part.low, step > 0 ? 0 : length - 1);
  const int64_t stop = clip(part.high, step > 0 ? length : -1);
  std::vector<int64_t> positions;
  for (int64_t i = start; step > 0 ? i < stop : i > stop; i += step) positions.push_back(i);
  return positions;
}

// a with axis `axis` replaced by `positions` along it.
ad::Var take_positions(const ad::Var& a, int axis, const std::vector<int64_t>& positions) {
  return ad::take(a, std::span<const int64_t>(positions), axis);
}

ad::Var drop_axis(const ad::Var& a, int axis) {
  Shape kept;
  for (int d = 0; d < a.shape().rank(); ++d)
    if (d != axis) kept.push_back(a.shape()[d]);
  return ad::reshape(a, kept);
}

ad::Var with_new_axis(const ad::Var& a, int axis) {
  Shape shape;
  for (int d = 0; d <= a.shape().rank(); ++d) {
    if (d == axis) shape.push_back(1);
    if (d < a.shape().rank()) shape.push_back(a.shape()[d]);
  }
  return ad::reshape(a, shape);
}

int64_t checked_position(double raw, int64_t length, int axis) {
  if (raw != std::floor(raw)) throw Error(fmt::format("an index must be an integer, got {}", raw));
  const int64_t i = static_cast<int64_t>(raw);
  const int64_t position = i < 0 ? i + length : i;
  if (position < 0 || position >= length)
    throw Error(fmt::format("index {} is out of range for axis {} of size {}", i, axis, length));
  return position;
}

// The axes an entry takes.
int axes_taken(const IndexPart& part) {
  if (part.new_axis || part.ellipsis) return 0;
  if (part.mask) return part.index->value().rank();
  return 1;
}

// NumPy's advanced indexing, for an index with several advanced entries
// (integer arrays, masks, and integers beside them): slices apply in place;
// the advanced entries' positions broadcast together to a shape B, which
// replaces their axes where they stand side by side, and comes first
// otherwise. A mask stands for the integer arrays of its nonzero positions.
ad::Var apply_advanced_index(ad::Var a, const std::vector<IndexPart>& parts, int first_axis,
                             int taken) {
  const int rank = a.shape().rank() - first_axis;
  std::vector<int> advanced_axes;  // absolute axes, in order
  std::vector<Array> positions;    // one per advanced axis
  int axis = first_axis, last_entry = -2;
  bool adjacent = true;
  for (size_t k = 0; k < parts.size(); ++k) {
    const IndexPart& part = parts[k];
    if (part.ellipsis) {
      axis += rank - taken;
      continue;
    }
    if (part.new_axis)
      throw Error("None beside several array indices: ppl does not combine them; add the axis "
                  "in a second indexing");
    if (part.is_slice) {
      const std::vector<int64_t> kept = slice_positions(part, a.shape()[axis]);
      a = take_positions(a, axis++, kept);
      continue;
    }
    if (last_entry >= 0 && last_entry != static_cast<int>(k) - 1) adjacent = false;
    last_entry = static_cast<int>(k);
    const Array& index = part.index->value();
    if (part.mask) {
      std::vector<std::vector<double>> coordinates(static_cast<size_t>(index.rank()));
      for (int d = 0; d < index.rank(); ++d)
        if (index.shape()[d] != a.shape()[axis + d])
          throw Error(fmt::format("a boolean index of shape {} does not match axis {} of size {}",
                                  index.shape().to_string(), axis - first_axis + d,
                                  a.shape()[axis + d]));
      for (int64_t flat = 0; flat < index.size(); ++flat) {
        if (index.values()[flat] == 0) continue;
        int64_t rest = flat;
        for (int d = index.rank() - 1; d >= 0; --d) {
          coordinates[d].push_back(static_cast<double>(rest % index.shape()[d]));
          rest /= index.shape()[d];
        }
      }
      for (int d = 0; d < index.rank(); ++d) {
        const auto count = static_cast<int64_t>(coordinates[d].size());
        advanced_axes.push_back(axis++);
        positions.emplace_back(Shape{count},
                               Eigen::Map<const Eigen::ArrayXd>(coordinates[d].data(), count));
      }
      continue;
    }
    Array checked = index;
    for (int64_t i = 0; i < checked.size(); ++i)
      checked.mutable_values()[i] = static_cast<double>(
          checked_position(index.values()[i], a.shape()[axis], axis - first_axis));
    advanced_axes.push_back(axis++);
    positions.push_back(std::move(checked));
  }
  // Advanced axes first (after the leading dims), flattened into one.
  Shape broadcast;
  for (const Array& p : positions) broadcast = broadcast_shapes(broadcast, p.shape());
  std::vector<int64_t> sizes;
  for (int d : advanced_axes) sizes.push_back(a.shape()[d]);
  std::vector<int> order;
  for (int d = 0; d < first_axis; ++d) order.push_back(d);
  for (int d : advanced_axes) order.push_back(d);
  Shape moved(a.shape().dims().first(first_axis));
  int64_t advanced_size = 1;
  for (int64_t n : sizes) advanced_size *= n;
  moved.push_back(advanced_size);
  int others_before = 0;
  for (int d = first_axis; d < a.shape().rank(); ++d) {
    if (std::find(advanced_axes.begin(), advanced_axes.end(), d) != advanced_axes.end()) continue;
    order.push_back(d);
    moved.push_back(a.shape()[d]);
    if (d < advanced_axes.front()) ++others_before;
  }
  a = ad::reshape(ad::transpose(a, std::span<const int>(order)), moved);
  // Row-major positions over the advanced axes, of shape B, gathered there.
  Array flat = Array::zeros(broadcast);
  int64_t stride = 1;
  for (size_t j = positions.size(); j-- > 0;) {
    flat = flat + broadcast_to(positions[j], broadcast) * static_cast<double>(stride);
    stride *= sizes[j];
  }
  a = ad::take(a, flat, first_axis);
  if (!adjacent || others_before == 0) return a;
  // Side by side: B goes back where the advanced entries stood.
  const int b_rank = broadcast.rank();
  std::vector<int> back;
  for (int d = 0; d < first_axis; ++d) back.push_back(d);
  for (int k = 0; k < others_before; ++k) back.push_back(first_axis + b_rank + k);
  for (int k = 0; k < b_rank; ++k) back.push_back(first_axis + k);
  for (int d = first_axis + b_rank + others_before; d < a.shape().rank(); ++d) back.push_back(d);
  return ad::transpose(a, std::span<const int>(back));
}

}  // namespace

ad::Var apply_index(ad::Var a, const std::vector<IndexPart>& parts, int first_axis) {
  const int rank = a.shape().rank() - first_axis;
  int taken = 0, ellipses = 0, arrays = 0, integers = 0;
  for (const IndexPart& part : parts) {
    taken += axes_taken(part);
    ellipses += part.ellipsis;
    const bool array = part.index && (part.mask || part.index->value().rank() > 0);
    arrays += array;
    integers += part.index && !array;
  }
  if (ellipses > 1) throw Error("an index can have only one '...'");
  if (taken > rank)
    throw Error(
        fmt::format("too many indices for a value of shape {}: it has {} dims, the index takes {}",
                    Shape(a.shape().dims().subspan(first_axis)).to_string(), rank, taken));
  if (arrays > 1 || (arrays == 1 && integers > 0))
    return apply_advanced_index(a, parts, first_axis, taken);
  int axis = first_axis;
  for (const IndexPart& part : parts) {
    const int program_axis = axis - first_axis;
    if (part.ellipsis) {
      axis += rank - taken;
      continue;
    }
    if (part.new_axis) {
      a = with_new_axis(a, axis++);
      continue;
    }
    const int64_t length = a.shape()[axis];
    if (part.is_slice) {
      const std::vector<int64_t> positions = slice_positions(part, length);
      const bool contiguous = part.step.value_or(1) == 1;
      if (contiguous && !positions.empty()) {
        std::vector<SliceRange> ranges(axis + 1);
        ranges[axis] = {positions.front(), positions.back() + 1};
        a = ad::slice(a, ranges);
      } else {
        a = take_positions(a, axis, positions);
      }
      ++axis;
      continue;
    }
    const Array& index = part.index->value();
    if (part.mask) {
      // The mask's dims must be the ones it spans; they become one axis of
      // the positions where it holds, in row-major order.
      for (int k = 0; k < index.rank(); ++k)
        if (index.shape()[k] != a.shape()[axis + k])
          throw Error(fmt::format("a boolean index of shape {} does not match axis {} of size {}",
                                  index.shape().to_string(), program_axis + k,
                                  a.shape()[axis + k]));
      Shape merged(a.shape().dims().first(axis));
      merged.push_back(index.size());
      for (int d = axis + index.rank(); d < a.shape().rank(); ++d) merged.push_back(a.shape()[d]);
      std::vector<int64_t> positions;
      for (int64_t i = 0; i < index.size(); ++i)
        if (index.values()[i] != 0) positions.push_back(i);
      a = take_positions(ad::reshape(a, merged), axis, positions);
      ++axis;
      continue;
    }
    if (index.rank() == 0) {
      const int64_t i = checked_position(index.item(), length, program_axis);
      a = axis == 0 ? ad::index(a, i) : drop_axis(take_positions(a, axis, {i}), axis);
      continue;
    }
    // An integer array: its dims replace the axis.
    Array positions = index;
    for (int64_t k = 0; k < positions.size(); ++k)
      positions.mutable_values()[k] =
          static_cast<double>(checked_position(index.values()[k], length, program_axis));
    a = ad::take(a, positions, axis);
    axis += index.rank();
  }
  return a;
}

}  // namespace ppl::runtime
