#pragma once
// ImproperUniform(support, batch_shape, event_shape): the flat "density" 0
// over a support, for a site whose prior is given elsewhere (a factor) or
// that always has a value. It cannot be sampled.
#include "dist/continuous_common.h"

namespace ppl::dist {

class ImproperUniform : public Distribution {
 public:
  // `tape` is the tape its log densities are recorded on.
  ImproperUniform(Constraint support, Shape batch_shape, Shape event_shape, ad::Tape& tape);
  std::string name() const override { return "ImproperUniform"; }
  // Zeros of the broadcast of the value's leading dims with the batch shape.
  ad::Var log_prob(ad::Var value) const override;
  // Throws ArgumentError: there is nothing to draw from.
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  Constraint support() const override { return support_; }
  ad::Tape& tape() const override { return *tape_; }

 private:
  Constraint support_;
  ad::Tape* tape_;
};

}  // namespace ppl::dist
