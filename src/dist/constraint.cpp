#include "dist/constraint.h"

#include <fmt/format.h>

#include <cmath>

namespace ppl::dist {
namespace {

double bound(const std::optional<ad::Var>& v) { return v ? v->value().values()[0] : NAN; }

std::string bound_text(const std::optional<ad::Var>& v) {
  if (!v) return "?";
  if (v->value().size() == 1) return fmt::format("{}", v->value().values()[0]);
  return v->value().to_string();
}

}  // namespace

bool Constraint::is_discrete() const {
  return kind == ConstraintKind::Boolean || kind == ConstraintKind::NonnegativeInteger ||
         kind == ConstraintKind::PositiveInteger || kind == ConstraintKind::IntegerInterval;
}

int Constraint::event_dim() const {
  switch (kind) {
    case ConstraintKind::RealVector:
    case ConstraintKind::Simplex:
    case ConstraintKind::OrderedVector:
    case ConstraintKind::PositiveOrderedVector:
      return 1;
    case ConstraintKind::LowerCholesky:
    case ConstraintKind::CorrCholesky:
    case ConstraintKind::CorrMatrix:
    case ConstraintKind::PositiveDefinite:
      return 2;
    default:
      return 0;
  }
}

std::string Constraint::to_string() const {
  switch (kind) {
    case ConstraintKind::Real: return "real";
    case ConstraintKind::RealVector: return "real_vector";
    case ConstraintKind::Positive: return "positive";
    case ConstraintKind::Nonnegative: return "nonnegative";
    case ConstraintKind::UnitInterval: return "unit_interval";
    case ConstraintKind::Simplex: return "simplex";
    case ConstraintKind::OrderedVector: return "ordered_vector";
    case ConstraintKind::PositiveOrderedVector: return "positive_ordered_vector";
    case ConstraintKind::LowerCholesky: return "lower_cholesky";
    case ConstraintKind::CorrCholesky: return "corr_cholesky";
    case ConstraintKind::CorrMatrix: return "corr_matrix";
    case ConstraintKind::PositiveDefinite: return "positive_definite";
    case ConstraintKind::SoftplusPositive: return "softplus_positive";
    case ConstraintKind::Circular: return "circular";
    case ConstraintKind::Boolean: return "boolean";
    case ConstraintKind::NonnegativeInteger: return "nonnegative_integer";
    case ConstraintKind::PositiveInteger: return "positive_integer";
    case ConstraintKind::Interval:
      return fmt::format("interval({}, {})", bound_text(lower), bound_text(upper));
    case ConstraintKind::GreaterThan: return fmt::format("greater_than({})", bound_text(lower));
    case ConstraintKind::LessThan: return fmt::format("less_than({})", bound_text(upper));
    case ConstraintKind::IntegerInterval:
      return fmt::format("integer_interval({}, {})", bound_text(lower), bound_text(upper));
  }
  return "?";
}

Array Constraint::check(const Array& value) const {
  const Eigen::ArrayXd& v = value.values();
  auto elementwise = [&](auto predicate) {
    Eigen::ArrayXd ok(v.size());
    for (Eigen::Index i = 0; i < v.size(); ++i) ok[i] = predicate(v[i]) ? 1.0 : 0.0;
    return Array(value.shape(), ok);
  };
  auto is_integer = [](double x) { return std::isfinite(x) && x == std::floor(x); };
  switch (kind) {
    case ConstraintKind::Real:
    case ConstraintKind::RealVector:
      return elementwise([](double x) { return !std::isnan(x); });
    case ConstraintKind::Positive:
    case ConstraintKind::SoftplusPositive:
      return elementwise([](double x) { return x > 0; });
    case ConstraintKind::Nonnegative: return elementwise([](double x) { return x >= 0; });
    case ConstraintKind::UnitInterval: return elementwise([](double x) { return x >= 0 && x <= 1; });
    case ConstraintKind::Circular:
      return elementwise([](double x) { return x >= -M_PI && x <= M_PI; });
    case ConstraintKind::Boolean: return elementwise([](double x) { return x == 0 || x == 1; });
    case ConstraintKind::NonnegativeInteger:
      return elementwise([&](double x) { return is_integer(x) && x >= 0; });
    case ConstraintKind::PositiveInteger:
      return elementwise([&](double x) { return is_integer(x) && x >= 1; });
    case ConstraintKind::Interval: {
      double lo = bound(lower), hi = bound(upper);
      return elementwise([&](double x) { return x >= lo && x <= hi; });
    }
    case ConstraintKind::GreaterThan: {
      double lo = bound(lower);
      return elementwise([&](double x) { return x > lo; });
    }
    case ConstraintKind::LessThan: {
      double hi = bound(upper);
      return elementwise([&](double x) { return x < hi; });
    }
    case ConstraintKind::IntegerInterval: {
      double lo = bound(lower), hi = bound(upper);
      return elementwise([&](double x) { return is_integer(x) && x >= lo && x <= hi; });
    }
    default:
      // Event constraints (simplex, Cholesky factors ...) are checked by their bijections.
      return elementwise([](double x) { return !std::isnan(x); });
  }
}

}  // namespace ppl::dist
