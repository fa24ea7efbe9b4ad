#include "infer/draw_dim.h"

namespace ppl::infer {

Shape with_draw_dim(int64_t n, int pad, const Shape& shape) {
  Shape full{n};
  for (int i = 0; i < pad; ++i) full.push_back(1);
  for (int64_t d : shape) full.push_back(d);
  return full;
}

Array stack_on_draw_dim(const std::vector<const Array*>& draws, int pad) {
  const Shape& shape = draws.front()->shape();
  const Eigen::Index m = shape.numel();
  Eigen::ArrayXd flat(static_cast<Eigen::Index>(draws.size()) * m);
  for (size_t i = 0; i < draws.size(); ++i)
    flat.segment(static_cast<Eigen::Index>(i) * m, m) = draws[i]->values();
  return Array(with_draw_dim(static_cast<int64_t>(draws.size()), pad, shape), std::move(flat));
}

}  // namespace ppl::infer
