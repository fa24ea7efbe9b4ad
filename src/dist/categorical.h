#pragma once
// Categorical(probs | logits) over 0, ..., K - 1, the categories along the
// parameter's last axis: batch shape = parameter shape without its last
// axis, event shape []. Values that are not categories have log mass -inf.
#include "dist/count_helpers.h"
#include "dist/distribution.h"

namespace ppl::dist {

class Categorical : public Distribution {
 public:
  // probs non-negative summing to 1 along the last axis (within 1e-6), or
  // logits (unnormalized log-probabilities, -inf allowed).
  Categorical(ad::Var parameter, ProbsOrLogits kind);
  std::string name() const override { return "Categorical"; }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  Constraint support() const override;
  ad::Tape& tape() const override { return parameter_.tape(); }

  int64_t num_categories() const { return parameter_.shape()[parameter_.shape().rank() - 1]; }
  ProbsOrLogits parameterization() const { return kind_; }
  ad::Var parameter() const { return parameter_; }
  ad::Var probs() const;      // [batch..., K]
  ad::Var log_probs() const;  // normalized, [batch..., K]

 private:
  ad::Var parameter_;
  ProbsOrLogits kind_;
};

}  // namespace ppl::dist
