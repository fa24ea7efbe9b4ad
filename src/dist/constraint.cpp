#include "dist/constraint.h"

#include <fmt/format.h>

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>

#include "core/array_linalg.h"
#include "core/broadcast.h"
#include "core/error.h"

namespace ppl::dist {
namespace {

// How far a sum, a norm, a diagonal entry or a mirrored entry may stray from
// its exact value: room for values rounded when written out (in a program, a
// data file), where exact equality would reject them.
constexpr double kTolerance = 1e-6;

// A missing bound compares false with everything, so nothing passes.
Array bound(const std::optional<ad::Var>& v) { return v ? v->value() : Array(NAN); }

bool is_integer(double x) { return std::isfinite(x) && x == std::floor(x); }

// predicate(x, lo, hi) for every element of value, lower and upper broadcast together.
template <class Predicate>
Array with_bounds(const Constraint& c, const Array& value, const Array& lower, const Array& upper,
                  Predicate predicate) {
  Shape out;
  try {
    out = broadcast_shapes(broadcast_shapes(value.shape(), lower.shape()), upper.shape());
  } catch (const Error&) {
    throw Error(fmt::format("{}: a value of shape {} does not broadcast with its bounds",
                            c.to_string(), value.shape().to_string()));
  }
  const Array x = broadcast_to(value, out), lo = broadcast_to(lower, out), hi = broadcast_to(upper, out);
  Eigen::ArrayXd ok(x.size());
  for (Eigen::Index i = 0; i < x.size(); ++i)
    ok[i] = predicate(x.values()[i], lo.values()[i], hi.values()[i]) ? 1.0 : 0.0;
  return Array(out, ok);
}

// event_ok(first element, event shape) for each event, the last event_dim axes of value.
template <class EventOk>
Array per_event(const Array& value, int event_dim, EventOk event_ok) {
  if (value.rank() < event_dim) return Array(0.0);
  const auto dims = value.shape().dims();
  const Shape batch(dims.first(dims.size() - event_dim));
  const Shape event(dims.last(event_dim));
  const int64_t event_size = event.numel();
  Eigen::ArrayXd ok(batch.numel());
  for (int64_t b = 0; b < batch.numel(); ++b)
    ok[b] = event_ok(value.data() + b * event_size, event) ? 1.0 : 0.0;
  return Array(batch, ok);
}

using Matrix = Eigen::Map<const RowMajorMatrix>;

bool is_simplex(const double* p, int64_t k) {
  double total = 0;
  for (int64_t i = 0; i < k; ++i) {
    if (!(p[i] >= 0)) return false;
    total += p[i];
  }
  return std::abs(total - 1.0) <= kTolerance;
}

// A vector whose entries sum to zero, to kTolerance relative to their size.
bool is_zero_sum(const double* p, int64_t k) {
  double total = 0, size = 1;
  for (int64_t i = 0; i < k; ++i) {
    if (!std::isfinite(p[i])) return false;
    total += p[i];
    size += std::abs(p[i]);
  }
  return std::abs(total) <= kTolerance * size;
}

bool is_ordered(const double* p, int64_t k) {
  if (k > 0 && std::isnan(p[0])) return false;
  for (int64_t i = 1; i < k; ++i)
    if (!(p[i] > p[i - 1])) return false;
  return true;
}

bool is_lower_cholesky(const Matrix& m) {
  if (!m.allFinite()) return false;
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    if (!(m(i, i) > 0)) return false;
    for (Eigen::Index j = i + 1; j < m.cols(); ++j)
      if (m(i, j) != 0) return false;
  }
  return true;
}

bool is_corr_cholesky(const Matrix& m) {
  if (!is_lower_cholesky(m)) return false;
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    if (std::abs(m.row(i).norm() - 1.0) > kTolerance) return false;
  return true;
}

// Symmetric (to kTolerance, relative beyond magnitude 1) and with a Cholesky factor.
bool is_positive_definite(const Matrix& m) {
  if (!m.allFinite()) return false;
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < i; ++j) {
      const double scale = std::max({1.0, std::abs(m(i, j)), std::abs(m(j, i))});
      if (std::abs(m(i, j) - m(j, i)) > kTolerance * scale) return false;
    }
  return Eigen::LLT<Eigen::MatrixXd>(m).info() == Eigen::Success;
}

bool is_corr_matrix(const Matrix& m) {
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    if (std::abs(m(i, i) - 1.0) > kTolerance) return false;
  return is_positive_definite(m);
}

// Checks each square matrix of value with matrix_ok; a non-square one fails.
template <class MatrixOk>
Array per_matrix(const Array& value, MatrixOk matrix_ok) {
  return per_event(value, 2, [&](const double* p, const Shape& event) {
    return event[0] == event[1] && matrix_ok(Matrix(p, event[0], event[1]));
  });
}

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
    case ConstraintKind::ZeroSum:
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
    case ConstraintKind::ZeroSum: return "zero_sum";
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
  auto per_vector = [&](auto vector_ok) {
    return per_event(value, 1, [&](const double* p, const Shape& event) { return vector_ok(p, event[0]); });
  };
  switch (kind) {
    // Finite, as NumPyro's constraints.real: an infinite observation of a
    // real site is outside its support, not a log density of -inf to explain.
    case ConstraintKind::Real:
      return elementwise([](double x) { return std::isfinite(x); });
    case ConstraintKind::Positive:
    case ConstraintKind::SoftplusPositive:
      return elementwise([](double x) { return x > 0; });
    case ConstraintKind::Nonnegative: return elementwise([](double x) { return x >= 0; });
    case ConstraintKind::UnitInterval: return elementwise([](double x) { return x >= 0 && x <= 1; });
    case ConstraintKind::Circular:
      return elementwise([](double x) { return x >= -M_PI && x <= M_PI; });
    case ConstraintKind::Boolean: return elementwise([](double x) { return x == 0 || x == 1; });
    case ConstraintKind::NonnegativeInteger:
      return elementwise([](double x) { return is_integer(x) && x >= 0; });
    case ConstraintKind::PositiveInteger:
      return elementwise([](double x) { return is_integer(x) && x >= 1; });
    case ConstraintKind::Interval:
      return with_bounds(*this, value, bound(lower), bound(upper),
                         [](double x, double lo, double hi) { return x >= lo && x <= hi; });
    case ConstraintKind::GreaterThan:
      return with_bounds(*this, value, bound(lower), Array(0.0),
                         [](double x, double lo, double) { return x > lo; });
    case ConstraintKind::LessThan:
      return with_bounds(*this, value, Array(0.0), bound(upper),
                         [](double x, double, double hi) { return x < hi; });
    case ConstraintKind::IntegerInterval:
      return with_bounds(*this, value, bound(lower), bound(upper), [](double x, double lo, double hi) {
        return is_integer(x) && x >= lo && x <= hi;
      });
    case ConstraintKind::RealVector:
      return per_vector([](const double* p, int64_t k) {
        for (int64_t i = 0; i < k; ++i)
          if (!std::isfinite(p[i])) return false;
        return true;
      });
    case ConstraintKind::Simplex: return per_vector(is_simplex);
    case ConstraintKind::OrderedVector: return per_vector(is_ordered);
    case ConstraintKind::ZeroSum: return per_vector(is_zero_sum);
    case ConstraintKind::PositiveOrderedVector:
      return per_vector([](const double* p, int64_t k) { return is_ordered(p, k) && (k == 0 || p[0] > 0); });
    case ConstraintKind::LowerCholesky: return per_matrix(value, is_lower_cholesky);
    case ConstraintKind::CorrCholesky: return per_matrix(value, is_corr_cholesky);
    case ConstraintKind::PositiveDefinite: return per_matrix(value, is_positive_definite);
    case ConstraintKind::CorrMatrix: return per_matrix(value, is_corr_matrix);
  }
  return elementwise([](double) { return false; });
}

}  // namespace ppl::dist
