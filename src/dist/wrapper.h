#pragma once
// A distribution made from one base distribution (expand, mask, to_event,
// fold, zero-inflate): it keeps the base and forwards what it leaves as it
// is, the support, reparameterization and tape.
#include <optional>

#include "dist/distribution.h"

namespace ppl::dist {

class Wrapper : public Distribution {
 public:
  bool has_rsample() const override { return base_->has_rsample(); }
  Constraint support() const override { return base_->support(); }
  ad::Tape& tape() const override { return base_->tape(); }

  const DistributionPtr& base() const { return base_; }

 protected:
  // base by reference: the shapes are often computed from it in the same
  // argument list, which a move could empty first.
  Wrapper(Shape batch_shape, Shape event_shape, const DistributionPtr& base)
      : Distribution(std::move(batch_shape), std::move(event_shape)), base_(base) {}

  // A moment of the base (absent where the base has none), broadcast to this
  // distribution's batch and event shapes.
  std::optional<ad::Var> broadcast_moment(const std::optional<ad::Var>& of_base) const;

  DistributionPtr base_;
};

}  // namespace ppl::dist
