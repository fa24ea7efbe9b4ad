#include "infer/draw_dim.h"

#include <algorithm>

namespace ppl::infer {

int batch_rank_for_draws(std::initializer_list<const handlers::Trace*> traces,
                         const runtime::ModelData& data) {
  int rank = 0;
  for (const std::optional<Array>& entry : data.entries)
    if (entry) rank = std::max(rank, entry->shape().rank());
  for (const handlers::Trace* trace : traces)
    for (const handlers::TraceSite& site : trace->sites())
      for (const handlers::SiteStep& step : site.steps) {
        // Plates holding only factors or deterministics count too.
        for (const runtime::PlateFrame& plate : step.plates) rank = std::max(rank, -plate.dim);
        if (site.kind == runtime::MessageKind::Sample) rank = std::max(rank, step_batch_rank(step));
      }
  return rank;
}

int step_batch_rank(const handlers::SiteStep& step) {
  return step.value.shape().rank() - step.distribution->event_shape().rank();
}

int scan_rank_of(const handlers::TraceSite& site) {
  return site.in_scan ? static_cast<int>(site.steps.front().scan_steps.size()) : 0;
}

Shape with_draw_dim(int64_t n, int pad, const Shape& shape, int scan_rank) {
  Shape full;
  for (int i = 0; i < scan_rank; ++i) full.push_back(shape[i]);
  full.push_back(n);
  for (int i = 0; i < pad; ++i) full.push_back(1);
  for (int i = scan_rank; i < shape.rank(); ++i) full.push_back(shape[i]);
  return full;
}

Array stack_on_draw_dim(const std::vector<const Array*>& draws, int pad, int scan_rank) {
  const Shape& shape = draws.front()->shape();
  // Each draw is `cells` blocks (one per scan step) of `block` elements;
  // the stack interleaves them, block by block.
  int64_t cells = 1;
  for (int i = 0; i < scan_rank; ++i) cells *= shape[i];
  const Eigen::Index block = cells == 0 ? 0 : shape.numel() / cells;
  const auto count = static_cast<Eigen::Index>(draws.size());
  Eigen::ArrayXd flat(count * shape.numel());
  for (Eigen::Index c = 0; c < cells; ++c)
    for (Eigen::Index i = 0; i < count; ++i)
      flat.segment((c * count + i) * block, block) = draws[i]->values().segment(c * block, block);
  return Array(with_draw_dim(static_cast<int64_t>(draws.size()), pad, shape, scan_rank), std::move(flat));
}

}  // namespace ppl::infer
