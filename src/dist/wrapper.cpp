#include "dist/wrapper.h"

#include "dist/transforms_detail.h"

namespace ppl::dist {

std::optional<ad::Var> Wrapper::broadcast_moment(const std::optional<ad::Var>& of_base) const {
  if (!of_base) return std::nullopt;
  return broadcast_var(*of_base, detail::concat_shapes(batch_shape_, event_shape_));
}

}  // namespace ppl::dist
