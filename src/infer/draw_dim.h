#pragma once
// Several draws (particles, predictive draws) held at once along a draw dim
// placed left of every batch dim of a site: [n, 1 (pad times), site shape],
// so the draw dim broadcasts against plates as a plate of size n would.
// A scan site's value keeps its scan dims leading, as the trace stacks the
// steps of a run with draws: [scan dims, n, 1 (pad times), step shape]
// (`scan_rank` scan dims).
#include <initializer_list>
#include <vector>

#include "core/array.h"
#include "handlers/trace.h"
#include "runtime/model_data.h"

namespace ppl::infer {

// The rank of the batch dims the draw dim stands left of, from one run's
// traces without draws: every plate's dims, every sample site's batch dims
// (each step's, in a scan) and every data entry's dims, so that a draw
// meets data in the program's arithmetic as a plate of size n would. The
// draw dim is then -(rank + 1).
int batch_rank_for_draws(std::initializer_list<const handlers::Trace*> traces,
                         const runtime::ModelData& data);

// A sample site's step: the rank of its batch dims (its value's less its
// distribution's event dims).
int step_batch_rank(const handlers::SiteStep& step);

// The scans a site lies in: the leading dims of its stacked value.
int scan_rank_of(const handlers::TraceSite& site);

Shape with_draw_dim(int64_t n, int pad, const Shape& shape, int scan_rank = 0);

// The draws (all of one shape) stacked along the draw dim.
Array stack_on_draw_dim(const std::vector<const Array*>& draws, int pad, int scan_rank = 0);

}  // namespace ppl::infer
