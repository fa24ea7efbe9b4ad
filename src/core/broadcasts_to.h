#pragma once
// Whether an array of shape `from` broadcasts to `to` (NumPy's rule, one way):
// `to` is then the broadcast of both, so `from` can be read into it, or added
// to an array of it, in place.
#include "core/shape.h"

namespace ppl {

inline bool broadcasts_to(const Shape& from, const Shape& to) {
  if (from.rank() > to.rank()) return false;
  for (int k = 1; k <= from.rank(); ++k) {
    const int64_t dim = from[from.rank() - k];
    if (dim != 1 && dim != to[to.rank() - k]) return false;
  }
  return true;
}

}  // namespace ppl
