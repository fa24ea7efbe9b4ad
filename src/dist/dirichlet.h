#pragma once
// Dirichlet(concentration) on the simplex: event shape [K] (the
// concentration's last axis), batch shape the concentration's shape without
// it. log_prob is differentiable in the concentration and the value; draws
// are not reparameterized.
#include "dist/distribution.h"

namespace ppl::dist {

class Dirichlet : public Distribution {
 public:
  explicit Dirichlet(ad::Var concentration);
  std::string name() const override { return "Dirichlet"; }
  // sum_k (a_k - 1) log x_k + lgamma(sum_k a_k) - sum_k lgamma(a_k); the
  // value is not checked to lie on the simplex (as in NumPyro without
  // validate_args).
  ad::Var log_prob(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  bool has_rsample() const override { return true; }
  Constraint support() const override { return Constraint::of(ConstraintKind::Simplex); }
  std::optional<ad::Var> mean() const override;      // a / a0
  std::optional<ad::Var> variance() const override;  // a (a0 - a) / (a0^2 (a0 + 1))
  ad::Tape& tape() const override { return concentration_.tape(); }

  ad::Var concentration() const { return concentration_; }

 private:
  ad::Var concentration_;
};

}  // namespace ppl::dist
