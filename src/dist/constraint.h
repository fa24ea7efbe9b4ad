#pragma once
// Constraints: the support of a distribution and the domain of a param.
// They are values of the language (`positive`, `interval(0, 1)`); biject_to
// (transforms.h) maps each continuous one to a bijection from unconstrained
// space.
#include <optional>
#include <string>

#include "ad/tape.h"

namespace ppl::dist {

enum class ConstraintKind {
  Real, RealVector, Positive, Nonnegative, UnitInterval, Simplex, OrderedVector,
  PositiveOrderedVector, LowerCholesky, CorrCholesky, CorrMatrix, PositiveDefinite,
  SoftplusPositive, Interval, GreaterThan, LessThan, Circular, ZeroSum,
  Boolean, NonnegativeInteger, PositiveInteger, IntegerInterval,
};

struct Constraint {
  ConstraintKind kind = ConstraintKind::Real;
  std::optional<ad::Var> lower;  // Interval, GreaterThan, IntegerInterval
  std::optional<ad::Var> upper;  // Interval, LessThan, IntegerInterval

  static Constraint of(ConstraintKind kind) { return Constraint{kind, std::nullopt, std::nullopt}; }
  static Constraint interval(ad::Var low, ad::Var high) {
    return Constraint{ConstraintKind::Interval, low, high};
  }
  static Constraint greater_than(ad::Var low) {
    return Constraint{ConstraintKind::GreaterThan, low, std::nullopt};
  }
  static Constraint less_than(ad::Var high) {
    return Constraint{ConstraintKind::LessThan, std::nullopt, high};
  }
  static Constraint integer_interval(ad::Var low, ad::Var high) {
    return Constraint{ConstraintKind::IntegerInterval, low, high};
  }

  // The same constraint with its bounds as constants on `tape`: to keep it
  // (or a bijection built from it) beyond the tape its bounds were computed on.
  Constraint copy_to(ad::Tape& tape) const {
    Constraint c = *this;
    if (lower) c.lower = tape.constant(lower->value());
    if (upper) c.upper = tape.constant(upper->value());
    return c;
  }

  bool is_discrete() const;
  // How many rightmost dims one constrained value spans (simplex: 1, lower_cholesky: 2).
  int event_dim() const;
  // "positive", "interval(0, 1)", ...
  std::string to_string() const;
  // 1 where an element (or, for event constraints, an event) satisfies the constraint, else 0.
  // Elementwise: the shape of value broadcast against the bounds (NumPy rules;
  // ppl::Error if they do not broadcast). Event constraints: one entry per event,
  // value's shape without its last event_dim() axes, 0 for each non-square
  // matrix; a value of rank below event_dim() gives a single 0. Equalities (a
  // simplex's sum, unit norms and diagonals, symmetry) need only hold to 1e-6,
  // so that values written out by hand, rounded, pass.
  Array check(const Array& value) const;
};

}  // namespace ppl::dist
