// The transform base, the elementwise transforms, composition and biject_to.
#include "dist/transforms.h"

#include <fmt/format.h>

#include <cmath>

#include "ad/ops.h"
#include "core/array_math.h"
#include "dist/distribution.h"
#include "dist/transforms_detail.h"

namespace ppl::dist {

using detail::drop_right;

namespace detail {

int64_t last_dim(const Shape& shape, int min_rank, const std::string& what) {
  if (shape.rank() < min_rank)
    throw ArgumentError(
        fmt::format("{}: needs an array of rank {} or more, got shape {}", what, min_rank,
                    shape.to_string()));
  return shape[shape.rank() - 1];
}

int64_t triangle_side(int64_t n, bool diagonal, const std::string& what) {
  // D (D + 1) / 2 = n  or  D (D - 1) / 2 = n.
  const double root = std::sqrt(8.0 * static_cast<double>(n) + 1.0);
  const int64_t d = static_cast<int64_t>(std::llround(diagonal ? (root - 1) / 2 : (root + 1) / 2));
  const int64_t count = diagonal ? d * (d + 1) / 2 : d * (d - 1) / 2;
  if (count != n || d < 1)
    throw ArgumentError(fmt::format(
        "{}: an unconstrained vector of length {} does not fill the {} triangle of a square matrix",
        what, n, diagonal ? "lower" : "strictly lower"));
  return d;
}

Array tril_gather_indices(int64_t d, int64_t diagonal_offset, int64_t zero_slot) {
  Eigen::ArrayXd idx(d * d);
  for (int64_t i = 0; i < d; ++i)
    for (int64_t j = 0; j < d; ++j) {
      double v = static_cast<double>(zero_slot);
      if (j < i) v = static_cast<double>(i * (i - 1) / 2 + j);
      if (j == i && diagonal_offset >= 0) v = static_cast<double>(diagonal_offset + i);
      idx[i * d + j] = v;
    }
  return Array(Shape{d, d}, std::move(idx));
}

}  // namespace detail

ad::Var sum_rightmost(ad::Var a, int n) {
  for (int i = 0; i < n; ++i) a = ad::sum(a, -1);
  return a;
}

ad::Var Transform::inverse_var(ad::Var y) const {
  // Computed from y's value, outside the tape: a replay would keep it fixed.
  y.tape().read_as_constant(y);
  return y.tape().constant(inverse(y.value()));
}

// ---- Identity ------------------------------------------------------------------

IdentityTransform::IdentityTransform(int event_dim) : event_dim_(event_dim) {
  if (event_dim < 0 || event_dim > 2)
    throw ArgumentError(fmt::format("Identity: event_dim must be 0, 1 or 2, got {}", event_dim));
}

Constraint IdentityTransform::codomain() const {
  return Constraint::of(event_dim_ == 0 ? ConstraintKind::Real : ConstraintKind::RealVector);
}

ad::Var IdentityTransform::log_abs_det_jacobian(ad::Var x, ad::Var y) const {
  return detail::zeros_like_shape(x, drop_right(x.shape(), event_dim_));
}

// ---- Exp -----------------------------------------------------------------------

ad::Var ExpTransform::forward(ad::Var x) const { return ad::exp(x); }
Array ExpTransform::inverse(const Array& y) const { return log(y); }
ad::Var ExpTransform::inverse_var(ad::Var y) const { return ad::log(y); }
ad::Var ExpTransform::log_abs_det_jacobian(ad::Var x, ad::Var y) const { return x; }

// ---- Softplus --------------------------------------------------------------------
// inverse: log(exp(y) - 1) = y + log(1 - exp(-y)), accurate for large y.

ad::Var SoftplusTransform::forward(ad::Var x) const { return ad::softplus(x); }
Array SoftplusTransform::inverse(const Array& y) const { return y + log(-expm1(-y)); }
ad::Var SoftplusTransform::inverse_var(ad::Var y) const { return y + ad::log(-ad::expm1(-y)); }
// d softplus / dx = sigmoid(x).
ad::Var SoftplusTransform::log_abs_det_jacobian(ad::Var x, ad::Var y) const {
  return ad::log_sigmoid(x);
}

// ---- Sigmoid -------------------------------------------------------------------------

ad::Var SigmoidTransform::forward(ad::Var x) const { return ad::sigmoid(x); }
Array SigmoidTransform::inverse(const Array& y) const { return log(y) - log1p(-y); }
ad::Var SigmoidTransform::inverse_var(ad::Var y) const { return ad::log(y) - ad::log1p(-y); }
// d sigmoid / dx = sigmoid(x) sigmoid(-x).
ad::Var SigmoidTransform::log_abs_det_jacobian(ad::Var x, ad::Var y) const {
  return ad::log_sigmoid(x) + ad::log_sigmoid(-x);
}

// ---- Tanh ----------------------------------------------------------------------------
// log(1 - tanh(x)^2) = 2 (log 2 - x - softplus(-2x)), accurate for large |x|.

TanhTransform::TanhTransform(ad::Tape& tape)
    : codomain_(Constraint::interval(tape.constant(-1.0), tape.constant(1.0))) {}

ad::Var TanhTransform::forward(ad::Var x) const { return ad::tanh(x); }
Array TanhTransform::inverse(const Array& y) const { return 0.5 * (log1p(y) - log1p(-y)); }
ad::Var TanhTransform::inverse_var(ad::Var y) const { return ad::arctanh(y); }
ad::Var TanhTransform::log_abs_det_jacobian(ad::Var x, ad::Var y) const {
  return 2.0 * (std::log(2.0) - x - ad::softplus(-2.0 * x));
}

// ---- Power ---------------------------------------------------------------------------
// d x^p / dx = p x^(p-1).

PowerTransform::PowerTransform(ad::Var exponent) : exponent_(exponent) {
  check_argument("Power", "exponent", exponent, domain::nonzero, "nonzero");
}

ad::Var PowerTransform::forward(ad::Var x) const { return ad::pow(x, exponent_); }
Array PowerTransform::inverse(const Array& y) const { return pow(y, 1.0 / exponent_.value()); }
ad::Var PowerTransform::inverse_var(ad::Var y) const { return ad::pow(y, 1.0 / exponent_); }
ad::Var PowerTransform::log_abs_det_jacobian(ad::Var x, ad::Var y) const {
  return ad::log(ad::abs(exponent_)) + (exponent_ - 1.0) * ad::log(x);
}

// ---- Affine ----------------------------------------------------------------------------

AffineTransform::AffineTransform(ad::Var loc, ad::Var scale) : loc_(loc), scale_(scale) {
  check_argument("Affine", "scale", scale, domain::nonzero, "nonzero");
}

AffineTransform::AffineTransform(double loc, double scale)
    : loc_number_(loc), scale_number_(scale) {
  check_argument("Affine", "scale", Array(scale), Array(scale != 0.0 ? 1.0 : 0.0), "nonzero");
}

// A loc or scale kept on another tape (bounds of a support, held beyond the
// run that computed them) acts as a constant on x's tape.
ad::Var AffineTransform::loc_on(ad::Tape& tape) const {
  if (!loc_) return tape.constant(loc_number_);
  return &loc_->tape() == &tape ? *loc_ : tape.constant(loc_->value());
}
ad::Var AffineTransform::scale_on(ad::Tape& tape) const {
  if (!scale_) return tape.constant(scale_number_);
  return &scale_->tape() == &tape ? *scale_ : tape.constant(scale_->value());
}
Array AffineTransform::loc_value() const { return loc_ ? loc_->value() : Array(loc_number_); }
Array AffineTransform::scale_value() const {
  return scale_ ? scale_->value() : Array(scale_number_);
}

ad::Var AffineTransform::forward(ad::Var x) const {
  return loc_on(x.tape()) + scale_on(x.tape()) * x;
}
Array AffineTransform::inverse(const Array& y) const { return (y - loc_value()) / scale_value(); }
ad::Var AffineTransform::inverse_var(ad::Var y) const {
  return (y - loc_on(y.tape())) / scale_on(y.tape());
}
ad::Var AffineTransform::log_abs_det_jacobian(ad::Var x, ad::Var y) const {
  ad::Var scale = scale_on(x.tape());
  return broadcast_var(ad::log(ad::abs(scale)), broadcast_shapes(x.shape(), scale.shape()));
}

Constraint AffineTransform::image(const Constraint& domain) const {
  if (!loc_ || !scale_ || loc_->value().size() != 1 || scale_->value().size() != 1)
    return Constraint::of(ConstraintKind::Real);
  const ad::Var loc = *loc_, scale = *scale_;
  const bool up = scale.item() > 0;
  switch (domain.kind) {
    case ConstraintKind::Positive:
    case ConstraintKind::SoftplusPositive:
    case ConstraintKind::Nonnegative:
      return up ? Constraint::greater_than(loc) : Constraint::less_than(loc);
    case ConstraintKind::UnitInterval:
      return up ? Constraint::interval(loc, loc + scale) : Constraint::interval(loc + scale, loc);
    default:
      return Constraint::of(ConstraintKind::Real);
  }
}

// ---- Composition --------------------------------------------------------------------------

ComposedTransform::ComposedTransform(std::vector<TransformPtr> parts, std::string name,
                                     std::optional<Constraint> codomain)
    : parts_(std::move(parts)), name_(std::move(name)), codomain_(std::move(codomain)) {
  for (const auto& p : parts_)
    if (!p) throw ArgumentError(fmt::format("{}: a part is missing", name_));
  // Event dims of the whole: forward for the codomain, backward for the domain.
  int d = parts_.empty() ? 0 : parts_.front()->domain_event_dim();
  for (const auto& p : parts_) d = std::max(d, p->domain_event_dim()) - p->domain_event_dim() + p->event_dim();
  event_dim_ = d;
  d = parts_.empty() ? 0 : parts_.back()->event_dim();
  for (auto it = parts_.rbegin(); it != parts_.rend(); ++it)
    d = std::max(d, (*it)->event_dim()) - (*it)->event_dim() + (*it)->domain_event_dim();
  domain_event_dim_ = d;
}

Constraint ComposedTransform::codomain() const {
  if (codomain_) return *codomain_;
  Constraint c = Constraint::of(ConstraintKind::Real);
  for (const auto& p : parts_) {
    if (auto affine = dynamic_cast<const AffineTransform*>(p.get())) {
      c = affine->image(c);
    } else if (dynamic_cast<const IdentityTransform*>(p.get()) == nullptr) {
      c = p->codomain();
    }
  }
  return c;
}

ad::Var ComposedTransform::forward(ad::Var x) const {
  for (const auto& p : parts_) x = p->forward(x);
  return x;
}

Array ComposedTransform::inverse(const Array& y) const {
  Array x = y;
  for (auto it = parts_.rbegin(); it != parts_.rend(); ++it) x = (*it)->inverse(x);
  return x;
}

ad::Var ComposedTransform::inverse_var(ad::Var y) const {
  for (auto it = parts_.rbegin(); it != parts_.rend(); ++it) y = (*it)->inverse_var(y);
  return y;
}

bool ComposedTransform::has_differentiable_inverse() const {
  for (const auto& p : parts_)
    if (!p->has_differentiable_inverse()) return false;
  return true;
}

ad::Var ComposedTransform::log_abs_det_jacobian(ad::Var x, ad::Var y) const {
  const int batch_rank = x.shape().rank() - domain_event_dim_;
  if (parts_.empty()) return detail::zeros_like_shape(x, drop_right(x.shape(), 0));
  std::optional<ad::Var> total;
  ad::Var in = x;
  for (size_t i = 0; i < parts_.size(); ++i) {
    ad::Var out = i + 1 == parts_.size() ? y : parts_[i]->forward(in);
    ad::Var term = parts_[i]->log_abs_det_jacobian(in, out);
    term = sum_rightmost(term, term.shape().rank() - batch_rank);
    total = total ? *total + term : term;
    in = out;
  }
  return *total;
}

Shape ComposedTransform::forward_shape(const Shape& unconstrained) const {
  Shape s = unconstrained;
  for (const auto& p : parts_) s = p->forward_shape(s);
  return s;
}

Shape ComposedTransform::inverse_shape(const Shape& constrained) const {
  Shape s = constrained;
  for (auto it = parts_.rbegin(); it != parts_.rend(); ++it) s = (*it)->inverse_shape(s);
  return s;
}

TransformPtr positive_definite_transform() {
  return std::make_shared<ComposedTransform>(
      std::vector<TransformPtr>{std::make_shared<LowerCholeskyTransform>(),
                                std::make_shared<CholeskyOuterTransform>(false)},
      "PositiveDefinite", Constraint::of(ConstraintKind::PositiveDefinite));
}

TransformPtr corr_matrix_transform() {
  return std::make_shared<ComposedTransform>(
      std::vector<TransformPtr>{std::make_shared<CorrCholeskyTransform>(),
                                std::make_shared<CholeskyOuterTransform>(true)},
      "CorrMatrix", Constraint::of(ConstraintKind::CorrMatrix));
}

// ---- biject_to ------------------------------------------------------------------------------

namespace {

ad::Var require_bound(const std::optional<ad::Var>& bound, const Constraint& c, const char* which) {
  if (!bound)
    throw ArgumentError(fmt::format("biject_to: the constraint {} has no {} bound", c.to_string(), which));
  return *bound;
}

TransformPtr composed(std::vector<TransformPtr> parts, std::string name, const Constraint& c) {
  return std::make_shared<ComposedTransform>(std::move(parts), std::move(name), c);
}

}  // namespace

TransformPtr biject_to(const Constraint& c) {
  if (c.is_discrete())
    throw ArgumentError(fmt::format(
        "there is no bijection to the discrete support {}; the site must be observed or enumerated",
        c.to_string()));
  switch (c.kind) {
    case ConstraintKind::Real: return std::make_shared<IdentityTransform>(0);
    case ConstraintKind::RealVector: return std::make_shared<IdentityTransform>(1);
    case ConstraintKind::Positive:
    case ConstraintKind::Nonnegative: return std::make_shared<ExpTransform>();
    case ConstraintKind::SoftplusPositive: return std::make_shared<SoftplusTransform>();
    case ConstraintKind::UnitInterval: return std::make_shared<SigmoidTransform>();
    case ConstraintKind::Interval: {
      ad::Var low = require_bound(c.lower, c, "lower");
      ad::Var high = require_bound(c.upper, c, "upper");
      return composed({std::make_shared<SigmoidTransform>(),
                       std::make_shared<AffineTransform>(low, high - low)},
                      "Interval", c);
    }
    case ConstraintKind::Circular:
      return composed({std::make_shared<SigmoidTransform>(),
                       std::make_shared<AffineTransform>(-M_PI, 2 * M_PI)},
                      "Circular", c);
    case ConstraintKind::GreaterThan: {
      ad::Var low = require_bound(c.lower, c, "lower");
      return composed({std::make_shared<ExpTransform>(),
                       std::make_shared<AffineTransform>(low, low.tape().constant(1.0))},
                      "GreaterThan", c);
    }
    case ConstraintKind::LessThan: {
      ad::Var high = require_bound(c.upper, c, "upper");
      return composed({std::make_shared<ExpTransform>(),
                       std::make_shared<AffineTransform>(high, high.tape().constant(-1.0))},
                      "LessThan", c);
    }
    case ConstraintKind::Simplex: return std::make_shared<StickBreakingTransform>();
    case ConstraintKind::OrderedVector: return std::make_shared<OrderedTransform>();
    case ConstraintKind::ZeroSum: return std::make_shared<ZeroSumTransform>();
    case ConstraintKind::PositiveOrderedVector:
      return composed({std::make_shared<OrderedTransform>(), std::make_shared<ExpTransform>()},
                      "PositiveOrdered", c);
    case ConstraintKind::LowerCholesky: return std::make_shared<LowerCholeskyTransform>();
    case ConstraintKind::CorrCholesky: return std::make_shared<CorrCholeskyTransform>();
    case ConstraintKind::CorrMatrix: return corr_matrix_transform();
    case ConstraintKind::PositiveDefinite: return positive_definite_transform();
    default: break;
  }
  throw ArgumentError(fmt::format("biject_to: no bijection onto {}", c.to_string()));
}

}  // namespace ppl::dist
