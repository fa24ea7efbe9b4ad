#pragma once
// LKJCholesky(dimension, concentration): the lower Cholesky factor L of a
// correlation matrix C = L L^T with density proportional to
// det(C)^(concentration - 1) (Lewandowski, Kurowicka and Joe 2009). Event
// shape [D, D], batch shape the concentration's shape, support
// corr_cholesky. With respect to the Lebesgue measure on the strictly lower
// entries of L,
//   log p(L) = sum_{i=2}^{D} (D - i + 2 eta - 2) log L_ii - log c_D(eta),
//   c_D(eta) = 2^(sum_{k=1}^{D-1} (2 eta - 2 + D - k)(D - k))
//              prod_{k=1}^{D-1} B(eta + (D - k - 1)/2, eta + (D - k - 1)/2)^(D - k),
// differentiable in L and eta. Draws by the onion method (LKJ 2009,
// section 3.2), not reparameterized.
#include "dist/distribution.h"

namespace ppl::dist {

// log c_D(eta) above, elementwise in eta: the normalizer LKJ shares.
ad::Var lkj_log_normalizer(int64_t dimension, const ad::Var& concentration);

class LKJCholesky : public Distribution {
 public:
  // dimension an integer >= 2, concentration positive.
  LKJCholesky(int64_t dimension, ad::Var concentration);
  std::string name() const override { return "LKJCholesky"; }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  Constraint support() const override { return Constraint::of(ConstraintKind::CorrCholesky); }
  ad::Tape& tape() const override { return concentration_.tape(); }

  int64_t dimension() const { return dimension_; }
  ad::Var concentration() const { return concentration_; }

 private:
  int64_t dimension_;
  ad::Var concentration_;
};

}  // namespace ppl::dist
