#pragma once
// Wishart(concentration, scale_matrix | rate_matrix | scale_tril) on
// symmetric positive-definite [D, D] matrices X, and WishartCholesky, the
// same law on their lower Cholesky factors C (X = C Cᵀ), as NumPyro's. With
// nu = concentration > D - 1 and S = L Lᵀ the scale matrix (the inverse of
// the rate matrix):
//   log p(X) = (nu - D - 1)/2 log|X| - tr(S^-1 X)/2 - nu D/2 log 2
//              - nu log|det L| - log Gamma_D(nu/2),
// Gamma_D the multivariate gamma function. WishartCholesky adds the Jacobian
// of C -> C Cᵀ on the lower triangles, D log 2 + sum_j (D - j) log C_jj
// (j from 0), so that log p(C) = sum_j (nu - j - 1) log C_jj + D log 2
// - tr(S^-1 C Cᵀ)/2 - (the normalizer above). One concentration and one
// scale for the batch; values may carry batch dims. Draws by the Bartlett
// decomposition (C = L A, A lower triangular, A_jj^2 ~ Chi2(nu - j),
// A_ij ~ Normal(0, 1) below the diagonal), not reparameterized.
#include "dist/multivariate_normal.h"

namespace ppl::dist {

class Wishart final : public Distribution {
 public:
  enum class Values { Matrices, CholeskyFactors };  // Wishart, WishartCholesky

  // matrix as MultivariateNormal's: Covariance is the scale matrix,
  // Precision the rate matrix.
  Wishart(ad::Var concentration, ad::Var matrix, MultivariateNormal::Matrix kind, Values values);
  std::string name() const override {
    return values_ == Values::Matrices ? "Wishart" : "WishartCholesky";
  }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  Constraint support() const override {
    return Constraint::of(values_ == Values::Matrices ? ConstraintKind::PositiveDefinite
                                                      : ConstraintKind::LowerCholesky);
  }
  // Wishart's: nu S, and nu (S_ij^2 + S_ii S_jj). WishartCholesky's, from the
  // Bartlett decomposition: L diag(E sqrt(Chi2(nu - j))), and
  // (L * L) M - mean^2 with M lower triangular, M_jj = nu - j, ones below.
  std::optional<ad::Var> mean() const override;
  std::optional<ad::Var> variance() const override;
  ad::Tape& tape() const override { return concentration_.tape(); }

 private:
  ad::Var scale_matrix() const;
  ad::Var chi2_degrees() const;  // nu - j, j = 0 .. D-1

  ad::Var concentration_, scale_tril_;
  Values values_;
};

}  // namespace ppl::dist
