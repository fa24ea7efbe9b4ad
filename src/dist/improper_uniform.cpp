#include "dist/improper_uniform.h"

#include "ad/ops.h"

namespace ppl::dist {

ImproperUniform::ImproperUniform(Constraint support, Shape batch_shape, Shape event_shape,
                                 ad::Tape& tape)
    : Distribution(batch_shape, event_shape), support_(std::move(support)), tape_(&tape) {}

ad::Var ImproperUniform::log_prob(ad::Var value) const {
  check_event_shape(*this, value);
  const auto dims = value.shape().dims();
  const Shape leading(dims.first(dims.size() - event_shape_.rank()));
  return tape().constant(Array::zeros(broadcast_shapes(leading, batch_shape_)));
}

ad::Var ImproperUniform::sample(RandomKey, const Shape&) const {
  throw ArgumentError(
      "ImproperUniform cannot be sampled; give the site a value (an initial value or data)");
}

}  // namespace ppl::dist
