#pragma once
// LKJ(dimension, concentration): a correlation matrix C with density
// det(C)^(concentration - 1) / c_D(concentration) with respect to the
// Lebesgue measure on its strictly lower entries, NumPyro's LKJ (the
// normalizer is LKJCholesky's, lkj_cholesky.h). Event shape [D, D], support
// corr_matrix; draws are L L^T for L drawn by LKJCholesky.
#include "dist/lkj_cholesky.h"

namespace ppl::dist {

class LKJ final : public Distribution {
 public:
  LKJ(int64_t dimension, ad::Var concentration);
  std::string name() const override { return "LKJ"; }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  Constraint support() const override { return Constraint::of(ConstraintKind::CorrMatrix); }
  ad::Tape& tape() const override { return factor_.tape(); }

 private:
  LKJCholesky factor_;
};

}  // namespace ppl::dist
