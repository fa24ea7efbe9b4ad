#pragma once
// DirichletMultinomial(concentration, total_count): counts of total_count
// draws over K categories whose probabilities are Dirichlet(concentration)
// distributed, NumPyro's parameterization. Event shape [K], the
// concentration's last axis; values that are not counts summing to
// total_count have log mass -inf.
#include "dist/distribution.h"

namespace ppl::dist {

class DirichletMultinomial final : public Distribution {
 public:
  // concentration positive with at least one axis; total_count a whole
  // number >= 0 (ArgumentError otherwise).
  DirichletMultinomial(ad::Var concentration, ad::Var total_count);
  std::string name() const override { return "DirichletMultinomial"; }
  // log n! - sum_k log x_k! + log Gamma(a0) - log Gamma(n + a0)
  //   + sum_k [log Gamma(x_k + a_k) - log Gamma(a_k)],  a0 = sum_k a_k.
  ad::Var log_prob(ad::Var value) const override;
  // p ~ Dirichlet(concentration), then Multinomial(total_count, p).
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  Constraint support() const override;
  std::optional<ad::Var> mean() const override;      // n a / a0
  std::optional<ad::Var> variance() const override;  // n p (1 - p) (n + a0) / (1 + a0), p = a / a0
  ad::Tape& tape() const override { return concentration_.tape(); }

 private:
  // total_count with a trailing axis of 1, against the categories.
  ad::Var count_per_category() const;

  ad::Var concentration_, total_count_;
};

}  // namespace ppl::dist
