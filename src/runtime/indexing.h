#pragma once
// x[...] with NumPy's meaning: integers (negative ones count from the end),
// slices low:high:step, None (a new axis of length 1), ... (the axes no
// other entry takes), integer arrays and boolean masks (NumPy's advanced
// indexing: one array's dims replace the indexed axis; several arrays, and
// integers beside an array, broadcast together, their shape standing where
// the entries stand side by side and first otherwise; a mask is the arrays
// of its nonzero positions). Gradients flow to the elements taken.
#include <optional>
#include <vector>

#include "ad/tape.h"

namespace ppl::runtime {

struct IndexPart {
  bool is_slice = false;
  bool new_axis = false;
  bool ellipsis = false;
  bool mask = false;
  std::optional<ad::Var> index;  // an integer, an integer array or a mask
  std::optional<int64_t> low, high, step;
};

// Entries apply from axis `first_axis` on (the program's first axis, past
// any dims of draws or particles). Errors name the entry's problem in
// NumPy's terms.
ad::Var apply_index(ad::Var a, const std::vector<IndexPart>& parts, int first_axis = 0);

}  // namespace ppl::runtime
