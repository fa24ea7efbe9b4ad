#pragma once
// Bijections from unconstrained space onto the supports of distributions and
// the domains of params, and biject_to(constraint), which picks one.
//
// A transform maps an unconstrained array x of shape batch + domain event to
// a constrained array y of shape batch + codomain event. The two event ranks
// may differ: StickBreaking maps [.., K-1] onto the simplex [.., K],
// LowerCholesky maps [.., D(D+1)/2] onto [.., D, D]. forward and
// log_abs_det_jacobian are tape operations (differentiable in x and in any
// parameters of the transform); inverse works on plain arrays (to initialize
// from a constrained value); inverse_var is the inverse as tape operations,
// differentiable in y where the transform says so
// (has_differentiable_inverse), which TransformedDistribution needs for a
// log density differentiable in its value.
//
// log_abs_det_jacobian(x, y) is log |det d forward / d x| with y = forward(x),
// summed over the domain event dims: its shape is the batch shape. For a
// transform whose codomain has more dims than its domain (simplex, Cholesky
// factors), the Jacobian is that of the map onto the free coordinates of y:
// the first K-1 entries of a simplex, the lower triangle (diagonal included)
// of a lower Cholesky factor or of a positive-definite matrix, the strictly
// lower triangle of a correlation Cholesky factor or of a correlation matrix.
//
// Transforms holding parameters (Affine's loc and scale) hold ad::Vars, valid
// until their tape is cleared, like the bounds of a Constraint.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ad/tape.h"
#include "dist/constraint.h"

namespace ppl::dist {

class Transform {
 public:
  virtual ~Transform() = default;

  virtual std::string name() const = 0;
  // Rightmost dims one constrained value spans (simplex 1, lower_cholesky 2).
  virtual int event_dim() const { return 0; }
  // Rightmost dims one unconstrained value spans (simplex 1, lower_cholesky 1).
  virtual int domain_event_dim() const { return event_dim(); }
  // The set forward maps onto.
  virtual Constraint codomain() const { return Constraint::of(ConstraintKind::Real); }

  // Unconstrained -> constrained, on x's tape.
  virtual ad::Var forward(ad::Var x) const = 0;
  // Constrained -> unconstrained, on plain values.
  virtual Array inverse(const Array& y) const = 0;
  // The inverse as tape operations. The default is a constant (no gradient
  // in y) computed by inverse(); transforms with has_differentiable_inverse()
  // override it.
  virtual ad::Var inverse_var(ad::Var y) const;
  virtual bool has_differentiable_inverse() const { return false; }
  // log |det J| of forward at x, y = forward(x); shape x.shape minus the
  // domain event dims.
  virtual ad::Var log_abs_det_jacobian(ad::Var x, ad::Var y) const = 0;

  // Shapes of whole arrays (batch dims kept).
  virtual Shape forward_shape(const Shape& unconstrained) const { return unconstrained; }
  virtual Shape inverse_shape(const Shape& constrained) const { return constrained; }
};

using TransformPtr = std::shared_ptr<const Transform>;

// ---- Elementwise ------------------------------------------------------------

// y = x. event_dim 0 (real) or 1 (real_vector: the log-Jacobian sums the last dim).
class IdentityTransform : public Transform {
 public:
  explicit IdentityTransform(int event_dim = 0);
  std::string name() const override { return "Identity"; }
  int event_dim() const override { return event_dim_; }
  Constraint codomain() const override;
  ad::Var forward(ad::Var x) const override { return x; }
  Array inverse(const Array& y) const override { return y; }
  ad::Var inverse_var(ad::Var y) const override { return y; }
  bool has_differentiable_inverse() const override { return true; }
  ad::Var log_abs_det_jacobian(ad::Var x, ad::Var y) const override;

 private:
  int event_dim_;
};

// y = exp(x), onto positive.
class ExpTransform : public Transform {
 public:
  std::string name() const override { return "Exp"; }
  Constraint codomain() const override { return Constraint::of(ConstraintKind::Positive); }
  ad::Var forward(ad::Var x) const override;
  Array inverse(const Array& y) const override;
  ad::Var inverse_var(ad::Var y) const override;
  bool has_differentiable_inverse() const override { return true; }
  ad::Var log_abs_det_jacobian(ad::Var x, ad::Var y) const override;
};

// y = log(1 + exp(x)), onto positive (softplus_positive).
class SoftplusTransform : public Transform {
 public:
  std::string name() const override { return "Softplus"; }
  Constraint codomain() const override {
    return Constraint::of(ConstraintKind::SoftplusPositive);
  }
  ad::Var forward(ad::Var x) const override;
  Array inverse(const Array& y) const override;
  ad::Var inverse_var(ad::Var y) const override;
  bool has_differentiable_inverse() const override { return true; }
  ad::Var log_abs_det_jacobian(ad::Var x, ad::Var y) const override;
};

// y = 1 / (1 + exp(-x)), onto unit_interval.
class SigmoidTransform : public Transform {
 public:
  std::string name() const override { return "Sigmoid"; }
  Constraint codomain() const override { return Constraint::of(ConstraintKind::UnitInterval); }
  ad::Var forward(ad::Var x) const override;
  Array inverse(const Array& y) const override;
  ad::Var inverse_var(ad::Var y) const override;
  bool has_differentiable_inverse() const override { return true; }
  ad::Var log_abs_det_jacobian(ad::Var x, ad::Var y) const override;
};

// y = loc + scale * x, elementwise (loc and scale broadcast with x). scale
// must be nonzero. loc and scale are Vars (differentiable; x must be on their
// tape) or plain numbers (constants on x's tape).
class AffineTransform : public Transform {
 public:
  AffineTransform(ad::Var loc, ad::Var scale);
  AffineTransform(double loc, double scale);
  std::string name() const override { return "Affine"; }
  ad::Var forward(ad::Var x) const override;
  Array inverse(const Array& y) const override;
  ad::Var inverse_var(ad::Var y) const override;
  bool has_differentiable_inverse() const override { return true; }
  ad::Var log_abs_det_jacobian(ad::Var x, ad::Var y) const override;
  // The image of `domain` (real, positive, unit_interval) when loc and scale
  // are scalar Vars; real otherwise.
  Constraint image(const Constraint& domain) const;

  // loc and scale on `tape` (the Vars, or constants made there).
  ad::Var loc_on(ad::Tape& tape) const;
  ad::Var scale_on(ad::Tape& tape) const;
  Array loc_value() const;
  Array scale_value() const;

 private:
  std::optional<ad::Var> loc_, scale_;
  double loc_number_ = 0.0, scale_number_ = 1.0;
};

// y = tanh(x), onto the open interval (-1, 1). Its codomain's bounds are
// constants on `tape`.
class TanhTransform : public Transform {
 public:
  explicit TanhTransform(ad::Tape& tape);
  std::string name() const override { return "Tanh"; }
  Constraint codomain() const override { return codomain_; }
  ad::Var forward(ad::Var x) const override;
  Array inverse(const Array& y) const override;
  ad::Var inverse_var(ad::Var y) const override;
  bool has_differentiable_inverse() const override { return true; }
  ad::Var log_abs_det_jacobian(ad::Var x, ad::Var y) const override;

 private:
  Constraint codomain_;
};

// y = x^exponent from positive onto positive, exponent nonzero (a Var,
// broadcast with x, differentiable).
class PowerTransform : public Transform {
 public:
  explicit PowerTransform(ad::Var exponent);
  std::string name() const override { return "Power"; }
  Constraint codomain() const override { return Constraint::of(ConstraintKind::Positive); }
  ad::Var forward(ad::Var x) const override;
  Array inverse(const Array& y) const override;
  ad::Var inverse_var(ad::Var y) const override;
  bool has_differentiable_inverse() const override { return true; }
  ad::Var log_abs_det_jacobian(ad::Var x, ad::Var y) const override;

 private:
  ad::Var exponent_;
};

// ---- Vectors ----------------------------------------------------------------

// y[..., i] = x[..., permutation[i]]; permutation lists 0..K-1 once each.
class PermuteTransform : public Transform {
 public:
  explicit PermuteTransform(const Array& permutation);
  std::string name() const override { return "Permute"; }
  int event_dim() const override { return 1; }
  Constraint codomain() const override { return Constraint::of(ConstraintKind::RealVector); }
  ad::Var forward(ad::Var x) const override;
  Array inverse(const Array& y) const override;
  ad::Var inverse_var(ad::Var y) const override;
  bool has_differentiable_inverse() const override { return true; }
  ad::Var log_abs_det_jacobian(ad::Var x, ad::Var y) const override;

 private:
  std::vector<int64_t> permutation_, inverse_permutation_;
};

// [.., K-1] onto the vectors [.., K] whose entries sum to zero, isometrically:
// with s the sum of x and n = K, y = (x - c, -s / sqrt(n)), c = s / (sqrt(n) + n).
// The map is an isometry onto the plane, so log|det J| = 0 with respect to the
// plane's own (K-1)-dimensional volume, as NumPyro's ZeroSumTransform.
class ZeroSumTransform : public Transform {
 public:
  std::string name() const override { return "ZeroSum"; }
  int event_dim() const override { return 1; }
  Constraint codomain() const override { return Constraint::of(ConstraintKind::ZeroSum); }
  ad::Var forward(ad::Var x) const override;
  Array inverse(const Array& y) const override;
  ad::Var inverse_var(ad::Var y) const override;
  bool has_differentiable_inverse() const override { return true; }
  ad::Var log_abs_det_jacobian(ad::Var x, ad::Var y) const override;
  Shape forward_shape(const Shape& unconstrained) const override;
  Shape inverse_shape(const Shape& constrained) const override;
};

// [.., K-1] onto the simplex [.., K] by stick breaking: with
// t_i = x_i - log(K-1-i) (so x = 0 maps to the uniform vector),
// z_i = sigmoid(t_i), y_i = z_i * prod_{j<i} (1 - z_j) and y_{K-1} the stick
// left. Computed in log space. The Jacobian is that of x onto y_0..y_{K-2}.
class StickBreakingTransform : public Transform {
 public:
  std::string name() const override { return "StickBreaking"; }
  int event_dim() const override { return 1; }
  Constraint codomain() const override { return Constraint::of(ConstraintKind::Simplex); }
  ad::Var forward(ad::Var x) const override;
  Array inverse(const Array& y) const override;
  ad::Var inverse_var(ad::Var y) const override;
  bool has_differentiable_inverse() const override { return true; }
  ad::Var log_abs_det_jacobian(ad::Var x, ad::Var y) const override;
  Shape forward_shape(const Shape& unconstrained) const override;
  Shape inverse_shape(const Shape& constrained) const override;
};

// [.., K] onto increasing vectors: y_0 = x_0, y_i = y_{i-1} + exp(x_i).
class OrderedTransform : public Transform {
 public:
  std::string name() const override { return "Ordered"; }
  int event_dim() const override { return 1; }
  Constraint codomain() const override { return Constraint::of(ConstraintKind::OrderedVector); }
  ad::Var forward(ad::Var x) const override;
  Array inverse(const Array& y) const override;
  ad::Var inverse_var(ad::Var y) const override;
  bool has_differentiable_inverse() const override { return true; }
  ad::Var log_abs_det_jacobian(ad::Var x, ad::Var y) const override;
};

// y = loc + scale_tril x on vectors [.., D]: scale_tril one [D, D] lower
// triangular matrix with a positive diagonal, loc broadcast against [.., D]
// (both Vars, differentiable). log|det J| = sum log diag(scale_tril).
class LowerCholeskyAffine : public Transform {
 public:
  LowerCholeskyAffine(ad::Var loc, ad::Var scale_tril);
  std::string name() const override { return "LowerCholeskyAffine"; }
  int event_dim() const override { return 1; }
  Constraint codomain() const override { return Constraint::of(ConstraintKind::RealVector); }
  ad::Var forward(ad::Var x) const override;
  Array inverse(const Array& y) const override;
  ad::Var inverse_var(ad::Var y) const override;
  bool has_differentiable_inverse() const override { return true; }
  ad::Var log_abs_det_jacobian(ad::Var x, ad::Var y) const override;

 private:
  ad::Var loc_, scale_tril_;
};

// ---- Matrices -----------------------------------------------------------------
// The unconstrained vector of a D x D factor lists the strictly lower entries
// row by row ((1,0), (2,0), (2,1), (3,0) ...), then, for LowerCholesky only,
// the D diagonal entries.

// [.., D(D+1)/2] onto lower-triangular [.., D, D] with positive diagonal: the
// strictly lower entries as they are, the diagonal through exp.
class LowerCholeskyTransform : public Transform {
 public:
  std::string name() const override { return "LowerCholesky"; }
  int event_dim() const override { return 2; }
  int domain_event_dim() const override { return 1; }
  Constraint codomain() const override { return Constraint::of(ConstraintKind::LowerCholesky); }
  ad::Var forward(ad::Var x) const override;
  Array inverse(const Array& y) const override;
  ad::Var inverse_var(ad::Var y) const override;
  bool has_differentiable_inverse() const override { return true; }
  ad::Var log_abs_det_jacobian(ad::Var x, ad::Var y) const override;
  Shape forward_shape(const Shape& unconstrained) const override;
  Shape inverse_shape(const Shape& constrained) const override;
};

// [.., D(D-1)/2] onto Cholesky factors of correlation matrices (lower
// triangular, positive diagonal, rows of unit norm). Each x goes through tanh
// to a partial correlation z in (-1, 1); row i is then built left to right,
// L_ij = z_ij * sqrt(1 - sum_{k<j} L_ik^2), and L_ii takes the rest of the
// unit norm, sqrt(1 - sum_{k<i} L_ik^2). Computed in log space. The Jacobian
// is that of x onto the strictly lower entries.
class CorrCholeskyTransform : public Transform {
 public:
  std::string name() const override { return "CorrCholesky"; }
  int event_dim() const override { return 2; }
  int domain_event_dim() const override { return 1; }
  Constraint codomain() const override { return Constraint::of(ConstraintKind::CorrCholesky); }
  ad::Var forward(ad::Var x) const override;
  Array inverse(const Array& y) const override;
  ad::Var log_abs_det_jacobian(ad::Var x, ad::Var y) const override;
  Shape forward_shape(const Shape& unconstrained) const override;
  Shape inverse_shape(const Shape& constrained) const override;
};

// L -> L Lᵀ, from lower Cholesky factors onto positive-definite matrices, or
// (correlation = true) from correlation Cholesky factors onto correlation
// matrices. The inverse is the Cholesky factorization. The Jacobian is that of
// the free entries of L onto those of L Lᵀ (lower triangles; strictly lower
// ones for correlations): log|det J| = D log 2 + sum_j (D - j) log L_jj,
// or sum_j (D - 1 - j) log L_jj for correlations.
class CholeskyOuterTransform : public Transform {
 public:
  explicit CholeskyOuterTransform(bool correlation = false) : correlation_(correlation) {}
  std::string name() const override { return correlation_ ? "CorrCholeskyOuter" : "CholeskyOuter"; }
  int event_dim() const override { return 2; }
  Constraint codomain() const override {
    return Constraint::of(correlation_ ? ConstraintKind::CorrMatrix
                                       : ConstraintKind::PositiveDefinite);
  }
  ad::Var forward(ad::Var x) const override;
  Array inverse(const Array& y) const override;
  ad::Var log_abs_det_jacobian(ad::Var x, ad::Var y) const override;

 private:
  bool correlation_;
};

// ---- Composition ----------------------------------------------------------------

// parts[0] first, then parts[1], ... The log-Jacobians of the parts are summed
// over the dims each part leaves as event dims of the whole (Ordered then Exp:
// Exp's elementwise terms are summed over the vector).
class ComposedTransform : public Transform {
 public:
  // `codomain`, when given, is reported by codomain(); otherwise it is worked
  // out from the parts (an Affine maps the constraint before it).
  explicit ComposedTransform(std::vector<TransformPtr> parts, std::string name = "Composed",
                             std::optional<Constraint> codomain = std::nullopt);
  std::string name() const override { return name_; }
  int event_dim() const override { return event_dim_; }
  int domain_event_dim() const override { return domain_event_dim_; }
  Constraint codomain() const override;
  ad::Var forward(ad::Var x) const override;
  Array inverse(const Array& y) const override;
  ad::Var inverse_var(ad::Var y) const override;
  bool has_differentiable_inverse() const override;
  ad::Var log_abs_det_jacobian(ad::Var x, ad::Var y) const override;
  Shape forward_shape(const Shape& unconstrained) const override;
  Shape inverse_shape(const Shape& constrained) const override;

  const std::vector<TransformPtr>& parts() const { return parts_; }

 private:
  std::vector<TransformPtr> parts_;
  std::string name_;
  std::optional<Constraint> codomain_;
  int event_dim_ = 0;
  int domain_event_dim_ = 0;
};

// LowerCholesky then L Lᵀ: [.., D(D+1)/2] onto positive-definite [.., D, D].
TransformPtr positive_definite_transform();
// CorrCholesky then L Lᵀ: [.., D(D-1)/2] onto correlation matrices [.., D, D].
TransformPtr corr_matrix_transform();

// The transform from unconstrained space onto a constraint:
//   real -> Identity; real_vector -> Identity (event_dim 1)
//   positive, nonnegative (its interior) -> Exp; softplus_positive -> Softplus
//   unit_interval -> Sigmoid; interval(a, b) -> Sigmoid then Affine(a, b - a)
//   circular -> Sigmoid then Affine(-pi, 2 pi), onto (-pi, pi)
//   greater_than(a) -> Exp then Affine(a, 1); less_than(b) -> Exp then Affine(b, -1)
//   simplex -> StickBreaking; ordered_vector -> Ordered; zero_sum -> ZeroSum
//   positive_ordered_vector -> Ordered then Exp
//   lower_cholesky -> LowerCholesky; corr_cholesky -> CorrCholesky
//   corr_matrix -> CorrCholesky then L Lᵀ; positive_definite -> LowerCholesky then L Lᵀ
// Discrete constraints throw ArgumentError (distribution.h).
TransformPtr biject_to(const Constraint& c);

// Sums the rightmost n dims of a (n <= rank).
ad::Var sum_rightmost(ad::Var a, int n);

}  // namespace ppl::dist
