#pragma once
// LowRankMultivariateNormal(loc, cov_factor, cov_diag): covariance
// W W^T + diag(d), W = cov_factor [D, R], d = cov_diag [D]. Event shape [D],
// batch shape loc's shape without its last axis (W and d are shared by the
// batch). log_prob never forms the D x D covariance: with
// C = I_R + W^T D^-1 W = Lc Lc^T (the "capacitance"), the Woodbury identity
//   (x-m)^T S^-1 (x-m) = |D^-1/2 (x-m)|^2 - |Lc^-1 W^T D^-1 (x-m)|^2
// and the matrix determinant lemma log det S = log det C + sum log d
// cost O(N D R + D R^2). Draws are reparameterized: loc + W e1 + sqrt(d) e2.
#include "dist/distribution.h"

namespace ppl::dist {

class LowRankMultivariateNormal : public Distribution {
 public:
  LowRankMultivariateNormal(ad::Var loc, ad::Var cov_factor, ad::Var cov_diag);
  std::string name() const override { return "LowRankMultivariateNormal"; }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  bool has_rsample() const override { return true; }
  Constraint support() const override { return Constraint::of(ConstraintKind::RealVector); }
  std::optional<ad::Var> mean() const override;      // loc
  std::optional<ad::Var> variance() const override;  // sum_r W_ir^2 + d_i
  ad::Tape& tape() const override { return loc_.tape(); }

  ad::Var covariance_matrix() const;  // W W^T + diag(d), formed on request

 private:
  ad::Var loc_, cov_factor_, cov_diag_;
};

}  // namespace ppl::dist
