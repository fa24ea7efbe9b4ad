#pragma once
// Several draws (particles, predictive draws) held at once along a draw dim
// placed left of every batch dim of a site: [n, 1 (pad times), site shape],
// so the draw dim broadcasts against plates as a plate of size n would.
// A scan site's value keeps its scan dims leading, as the trace stacks the
// steps of a run with draws: [scan dims, n, 1 (pad times), step shape]
// (`scan_rank` scan dims).
#include <vector>

#include "core/array.h"

namespace ppl::infer {

Shape with_draw_dim(int64_t n, int pad, const Shape& shape, int scan_rank = 0);

// The draws (all of one shape) stacked along the draw dim.
Array stack_on_draw_dim(const std::vector<const Array*>& draws, int pad, int scan_rank = 0);

}  // namespace ppl::infer
