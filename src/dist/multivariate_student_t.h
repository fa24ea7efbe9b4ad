#pragma once
// MultivariateStudentT(df, loc, scale_tril): x = loc + L z sqrt(df / w), z
// standard normal and w ~ Chi2(df), NumPyro's parameterization. Event shape
// [D]; batch shape loc's without its last axis; one scale_tril and one df
// shared by the batch. With y = L^-1 (x - loc),
//   log p(x) = lgamma((df + D)/2) - lgamma(df/2) - D/2 log(df pi)
//              - log|det L| - (df + D)/2 log(1 + |y|^2 / df).
// Draws are reparameterized (the chi-square implicitly, as Gamma's).
#include "dist/multivariate_normal.h"

namespace ppl::dist {

class MultivariateStudentT final : public Distribution {
 public:
  // df one positive number; loc and scale_tril as MultivariateNormal's.
  MultivariateStudentT(ad::Var df, ad::Var loc, ad::Var scale_tril);
  std::string name() const override { return "MultivariateStudentT"; }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  bool has_rsample() const override { return true; }
  Constraint support() const override { return Constraint::of(ConstraintKind::RealVector); }
  std::optional<ad::Var> mean() const override;  // loc for df > 1, else NaN
  std::optional<ad::Var> variance()
      const override;  // diag(L L^T) df / (df - 2) for df > 2, else inf
  ad::Tape& tape() const override { return df_.tape(); }

 private:
  ad::Var df_;
  MultivariateNormal normal_;  // loc and scale_tril, checked as MultivariateNormal's
};

}  // namespace ppl::dist
