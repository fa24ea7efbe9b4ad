#pragma once
// MultivariateNormal(loc, covariance_matrix | precision_matrix | scale_tril):
// event shape [D]; batch shape loc's shape without its last axis. The matrix
// is one [D, D] matrix shared by the batch (batches of matrices are refused).
// Everything goes through the lower Cholesky factor L of the covariance:
//   log p(x) = -|L^-1 (x - loc)|^2 / 2 - log|det L| - D/2 log(2 pi),
// the solve by solve_lower_triangular, the determinant by
// log_abs_det_triangular; draws are reparameterized: loc + L z.
#include "dist/distribution.h"

namespace ppl::dist {

class MultivariateNormal : public Distribution {
 public:
  enum class Matrix { Covariance, Precision, ScaleTril };

  // covariance and precision: symmetric (to 1e-8 relative) and positive
  // definite; scale_tril: lower triangular with a positive diagonal.
  MultivariateNormal(ad::Var loc, ad::Var matrix, Matrix kind);
  std::string name() const override { return "MultivariateNormal"; }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  bool has_rsample() const override { return true; }
  Constraint support() const override { return Constraint::of(ConstraintKind::RealVector); }
  std::optional<ad::Var> mean() const override;      // loc
  std::optional<ad::Var> variance() const override;  // the covariance's diagonal
  ad::Tape& tape() const override { return loc_.tape(); }

  ad::Var loc() const { return loc_; }
  ad::Var scale_tril() const { return scale_tril_; }
  ad::Var covariance_matrix() const;

 private:
  ad::Var loc_, scale_tril_;
};

namespace detail {

// Shared with LowRankMultivariateNormal: value - loc broadcast against the
// batch and flattened to [N, D], with the shape of the N log densities.
struct CenteredValues {
  ad::Var flat;  // [N, D]
  Shape out;     // broadcast of value.shape[:-1] and the batch shape
};
CenteredValues centered_values(const Distribution& d, ad::Var value, ad::Var loc);

// The lower Cholesky factor of the covariance given as `kind`, after checking
// the matrix (one finite [D, D]; symmetric positive definite, or lower
// triangular with a positive diagonal) in messages that name `family` and
// the argument's `role`. The check is recorded on the tape, to be repeated
// on every replay.
ad::Var checked_covariance_factor(const char* family, const char* role, const ad::Var& matrix,
                                  MultivariateNormal::Matrix kind);

}  // namespace detail

}  // namespace ppl::dist
