#pragma once
// Several draws (particles, predictive draws) held at once along a draw dim
// placed left of every batch dim of a site: [n, 1 (pad times), site shape],
// so the draw dim broadcasts against plates as a plate of size n would.
#include <vector>

#include "core/array.h"

namespace ppl::infer {

Shape with_draw_dim(int64_t n, int pad, const Shape& shape);

// The draws (all of one shape) stacked along the draw dim.
Array stack_on_draw_dim(const std::vector<const Array*>& draws, int pad);

}  // namespace ppl::infer
