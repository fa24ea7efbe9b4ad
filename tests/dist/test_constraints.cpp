// Constraint::check for every constraint kind: points inside and outside each
// support (the expected 0/1 worked out by hand from the constraint's
// definition, the reason beside each outside point), bounds broadcast
// against the value elementwise, and one entry per event for the vector and
// matrix constraints.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include "core/error.h"
#include "dist/constraint.h"

using namespace ppl;
using dist::Constraint;
using dist::ConstraintKind;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// c.check(value) has the given shape and 0/1 entries.
void check_mask(const Constraint& c, const Array& value, const Shape& shape,
                const std::vector<double>& expected) {
  CAPTURE(c.to_string());
  CAPTURE(value.to_string());
  const Array ok = c.check(value);
  REQUIRE(ok.shape() == shape);
  REQUIRE(ok.size() == static_cast<int64_t>(expected.size()));
  for (size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CHECK(ok.values()[static_cast<Eigen::Index>(i)] == expected[i]);
  }
}

// A vector of points and their expected mask, checked as one array.
void check_points(const Constraint& c, const std::vector<double>& points, const std::vector<double>& expected) {
  const Array value(Shape{static_cast<int64_t>(points.size())},
                    Eigen::Map<const Eigen::ArrayXd>(points.data(), static_cast<Eigen::Index>(points.size())));
  check_mask(c, value, value.shape(), expected);
}

// Events of one shape stacked along a new leading axis.
Array stack(const std::vector<std::vector<double>>& events, const Shape& event_shape) {
  Shape shape{static_cast<int64_t>(events.size())};
  for (int64_t d : event_shape) shape.push_back(d);
  Eigen::ArrayXd values(shape.numel());
  Eigen::Index at = 0;
  for (const auto& event : events) {
    REQUIRE(static_cast<int64_t>(event.size()) == event_shape.numel());
    for (double v : event) values[at++] = v;
  }
  return Array(shape, values);
}

Constraint of(ConstraintKind kind) { return Constraint::of(kind); }

}  // namespace

TEST_CASE("check: real, positive, nonnegative, unit_interval, circular, elementwise") {
  // NumPyro's constraints.real: finite numbers only.
  check_points(of(ConstraintKind::Real), {0.0, -1e300, 1e300, kInf, -kInf, kNaN},
               {1, 1, 1, 0, 0, 0});
  // positive and softplus_positive: x > 0, so 0 is outside.
  for (ConstraintKind kind : {ConstraintKind::Positive, ConstraintKind::SoftplusPositive})
    check_points(of(kind), {1e-300, 5.0, kInf, 0.0, -1.0, kNaN}, {1, 1, 1, 0, 0, 0});
  check_points(of(ConstraintKind::Nonnegative), {0.0, 2.0, -1e-300, -kInf, kNaN}, {1, 1, 0, 0, 0});
  // [0, 1], both ends included.
  check_points(of(ConstraintKind::UnitInterval), {0.0, 1.0, 0.5, -1e-9, 1.0 + 1e-9, kNaN},
               {1, 1, 1, 0, 0, 0});
  // [-pi, pi], both ends included.
  const double pi = std::numbers::pi;
  check_points(of(ConstraintKind::Circular), {-pi, pi, 0.0, 3.2, -3.2, kNaN}, {1, 1, 1, 0, 0, 0});
  // The mask keeps the value's shape.
  check_mask(of(ConstraintKind::Positive), Array(Shape{2, 2}, {1, -1, 0, 2}), Shape{2, 2}, {1, 0, 0, 1});
  check_mask(of(ConstraintKind::Positive), Array(-3.0), Shape{}, {0});
}

TEST_CASE("check: boolean, nonnegative_integer, positive_integer, elementwise") {
  check_points(of(ConstraintKind::Boolean), {0.0, 1.0, 0.5, 2.0, -1.0, kNaN}, {1, 1, 0, 0, 0, 0});
  // Whole numbers from 0; infinity is no integer.
  check_points(of(ConstraintKind::NonnegativeInteger), {0.0, 3.0, 1e6, -1.0, 2.5, kInf, kNaN},
               {1, 1, 1, 0, 0, 0, 0});
  check_points(of(ConstraintKind::PositiveInteger), {1.0, 7.0, 0.0, -2.0, 1.5, kInf}, {1, 1, 0, 0, 0, 0});
}

TEST_CASE("check: interval, greater_than, less_than, integer_interval with scalar bounds") {
  ad::Tape tape;
  auto c = [&](double x) { return tape.constant(x); };
  // interval is closed: [0, 1].
  check_points(Constraint::interval(c(0.0), c(1.0)), {0.0, 1.0, 0.5, -0.1, 1.1, kNaN}, {1, 1, 1, 0, 0, 0});
  // greater_than and less_than are open.
  check_points(Constraint::greater_than(c(2.0)), {2.5, kInf, 2.0, 1.0, kNaN}, {1, 1, 0, 0, 0});
  check_points(Constraint::less_than(c(-1.0)), {-2.0, -kInf, -1.0, 0.0, kNaN}, {1, 1, 0, 0, 0});
  // {0, 1, 2, 3}.
  check_points(Constraint::integer_interval(c(0.0), c(3.0)), {0.0, 3.0, 2.0, 4.0, -1.0, 1.5},
               {1, 1, 1, 0, 0, 0});
}

TEST_CASE("check: batched bounds broadcast against the value elementwise") {
  ad::Tape tape;
  auto v = [&](std::initializer_list<double> x) { return tape.constant(Array::vector(x)); };
  const Constraint interval = Constraint::interval(v({0.0, 2.0}), v({1.0, 3.0}));
  // Element j against [lower[j], upper[j]]: [0, 1] then [2, 3].
  check_points(interval, {0.5, 2.5}, {1, 1});
  check_points(interval, {2.5, 0.5}, {0, 0});
  check_points(interval, {1.0, 2.0}, {1, 1});
  check_points(interval, {1.5, 3.5}, {0, 0});
  // A [3, 2] value: each row against both intervals.
  check_mask(interval, Array(Shape{3, 2}, {0.5, 2.5, 0.5, 0.5, 2.5, 2.5}), Shape{3, 2}, {1, 1, 1, 0, 0, 1});
  // A scalar value broadcasts up to the bounds' shape: 0.5 is in [0, 1], not in [2, 3].
  check_mask(interval, Array(0.5), Shape{2}, {1, 0});
  // Bounds [2, 1] against a value [3]: the mask is [2, 3].
  const Constraint column = Constraint::interval(tape.constant(Array(Shape{2, 1}, {0, 10})),
                                                 tape.constant(Array(Shape{2, 1}, {1, 20})));
  check_mask(column, Array::vector({0.5, 15.0, 1.0}), Shape{2, 3}, {1, 0, 1, 0, 1, 0});
  // One bound batched, the other scalar.
  check_points(Constraint::interval(v({0.0, 5.0}), tape.constant(10.0)), {1.0, 1.0}, {1, 0});

  check_points(Constraint::greater_than(v({0.0, 10.0})), {5.0, 5.0}, {1, 0});
  check_points(Constraint::less_than(v({1.0, 2.0})), {1.5, 1.5}, {0, 1});
  // {0, .., 3} then {5, .., 8}.
  const Constraint integers = Constraint::integer_interval(v({0.0, 5.0}), v({3.0, 8.0}));
  check_points(integers, {3.0, 5.0}, {1, 1});
  check_points(integers, {4.0, 4.0}, {0, 0});
  check_points(integers, {0.0, 8.5}, {1, 0});

  CHECK_THROWS_WITH_AS(interval.check(Array::vector({0.5, 0.5, 0.5})),
                       "interval([0, 2], [1, 3]): a value of shape [3] does not broadcast with its bounds",
                       Error);
}

TEST_CASE("check: real_vector, simplex, ordered_vector, positive_ordered_vector, one entry per vector") {
  // real_vector: no NaN anywhere in the vector.
  check_mask(of(ConstraintKind::RealVector),
             stack({{1, 2, 3}, {1, kNaN, 3}, {-kInf, 2, 3}}, Shape{3}), Shape{3}, {1, 0, 0});

  const Constraint simplex = of(ConstraintKind::Simplex);
  check_mask(simplex,
             stack({{0.2, 0.3, 0.5},
                    {1.0, 0.0, 0.0},          // a zero entry is allowed
                    {0.2, 0.3, 0.5 + 5e-7},   // sum 1 + 5e-7, within 1e-6
                    {0.3, 0.3, 0.3},          // sum 0.9
                    {0.2, 0.3, 0.5 + 2e-6},   // sum 1 + 2e-6
                    {-0.1, 0.6, 0.5},         // sums to 1 with a negative entry
                    {kNaN, 0.5, 0.5}},
                   Shape{3}),
             Shape{7}, {1, 1, 1, 0, 0, 0, 0});
  // Batch dims in front of the event stay; the last axis is the event.
  check_mask(simplex, Array(Shape{2, 2, 2}, {0.5, 0.5, 0.1, 0.9, 0.5, 0.6, 1, 0}), Shape{2, 2}, {1, 1, 0, 1});
  // A scalar is no vector.
  check_mask(simplex, Array(1.0), Shape{}, {0});

  check_mask(of(ConstraintKind::OrderedVector),
             stack({{-1, 0, 2},
                    {-5, 1e-9, 1e9},
                    {0, 0, 1},      // a tie
                    {2, 1, 3},      // a descent
                    {0, kNaN, 1}},
                   Shape{3}),
             Shape{5}, {1, 1, 0, 0, 0});
  check_mask(of(ConstraintKind::OrderedVector), Array::vector({4.0}), Shape{}, {1});

  check_mask(of(ConstraintKind::PositiveOrderedVector),
             stack({{0.1, 1, 2},
                    {-1, 0, 2},  // ordered, but not positive
                    {0, 1, 2},   // starts at 0
                    {1, 1, 2}},  // a tie
                   Shape{3}),
             Shape{4}, {1, 0, 0, 0});
}

TEST_CASE("check: lower_cholesky and corr_cholesky, one entry per matrix") {
  const Constraint lower_cholesky = of(ConstraintKind::LowerCholesky);
  check_mask(lower_cholesky,
             stack({{2, 0, -1, 0.5},
                    {2, 0.1, -1, 0.5},  // nonzero above the diagonal
                    {2, 0, 1, 0},       // zero on the diagonal
                    {-1, 0, 0, 1},      // negative on the diagonal
                    {2, 0, kNaN, 1}},
                   Shape{2, 2}),
             Shape{5}, {1, 0, 0, 0, 0});
  // Not square, and not a matrix.
  check_mask(lower_cholesky, Array(Shape{2, 3}, {1, 0, 0, 1, 1, 0}), Shape{}, {0});
  check_mask(lower_cholesky, Array::vector({1.0, 1.0}), Shape{}, {0});

  const Constraint corr_cholesky = of(ConstraintKind::CorrCholesky);
  check_mask(corr_cholesky,
             stack({{1, 0, 0.6, 0.8},
                    {1, 0, -0.6, 0.8},
                    {1, 0, 0.6, 0.8000001},  // row norm 1 + 8e-8, within 1e-6
                    {1, 0, 0.6, 0.81},       // row norm 1.007
                    {2, 0, 0.6, 0.8},        // first row of norm 2
                    {1, 0.0, -0.8, -0.6}},   // unit rows, negative diagonal
                   Shape{2, 2}),
             Shape{6}, {1, 1, 1, 0, 0, 0});
  // The 3 x 3 factor of the LKJCholesky lines of reference_values.md: rows of unit norm.
  check_mask(corr_cholesky,
             Array(Shape{3, 3}, {1.0, 0.0, 0.0, 0.3, 0.9539392014169457, 0.0, -0.2, 0.4822110248920824,
                                 0.8529200006287386}),
             Shape{}, {1});
}

TEST_CASE("check: positive_definite and corr_matrix, one entry per matrix") {
  const Constraint positive_definite = of(ConstraintKind::PositiveDefinite);
  check_mask(positive_definite,
             stack({{2, 0.5, 0.5, 1},
                    {1e8, 1, 1, 1},       // symmetric, large entries
                    {1, 2, 2, 1},         // symmetric, eigenvalues 3 and -1
                    {2, 0.5, 0.4, 1},     // not symmetric
                    {1, 0, 0, 0},         // singular
                    {2, 0.5, 0.5, kInf}},
                   Shape{2, 2}),
             Shape{6}, {1, 1, 0, 0, 0, 0});
  // cov1 of the KL MultivariateNormal line of reference_values.md, and a batch [2, 1].
  const std::vector<double> cov1{2.0, 0.3, -0.4, 0.3, 1.0, 0.2, -0.4, 0.2, 0.5};
  check_mask(positive_definite, Array(Shape{3, 3}, Eigen::Map<const Eigen::ArrayXd>(cov1.data(), 9)), Shape{},
             {1});
  check_mask(positive_definite, Array(Shape{2, 1, 2, 2}, {1, 0, 0, 1, 0, 1, 1, 0}), Shape{2, 1}, {1, 0});

  const Constraint corr_matrix = of(ConstraintKind::CorrMatrix);
  check_mask(corr_matrix,
             stack({{1, 0.5, 0.5, 1},
                    {1, -0.9999, -0.9999, 1},
                    {1.0000001, 0.5, 0.5, 1},  // diagonal 1 + 1e-7, within 1e-6
                    {1, 1.5, 1.5, 1},          // unit diagonal, eigenvalues 2.5 and -0.5
                    {2, 0.5, 0.5, 1},          // positive definite, diagonal 2
                    {1, 0.5, 0.4, 1}},         // not symmetric
                   Shape{2, 2}),
             Shape{6}, {1, 1, 1, 0, 0, 0});
  check_mask(corr_matrix, Array(Shape{2, 3}, {1, 0, 0, 0, 1, 0}), Shape{}, {0});
}

TEST_CASE("check: every constraint kind has a check with points inside and outside") {
  // One point in and one out for each kind, in the enum's order.
  ad::Tape tape;
  auto c = [&](double x) { return tape.constant(x); };
  using K = ConstraintKind;
  struct Case {
    Constraint constraint;
    Array inside, outside;
  };
  const std::vector<Case> cases{
      {of(K::Real), Array(0.0), Array(kNaN)},
      {of(K::RealVector), Array::vector({0, 1}), Array::vector({0, kNaN})},
      {of(K::Positive), Array(1.0), Array(0.0)},
      {of(K::Nonnegative), Array(0.0), Array(-1.0)},
      {of(K::UnitInterval), Array(1.0), Array(2.0)},
      {of(K::Simplex), Array::vector({0.5, 0.5}), Array::vector({0.5, 0.6})},
      {of(K::OrderedVector), Array::vector({0, 1}), Array::vector({1, 0})},
      {of(K::PositiveOrderedVector), Array::vector({1, 2}), Array::vector({-1, 2})},
      {of(K::LowerCholesky), Array(Shape{2, 2}, {1, 0, 1, 1}), Array(Shape{2, 2}, {1, 1, 1, 1})},
      {of(K::CorrCholesky), Array(Shape{2, 2}, {1, 0, 0, 1}), Array(Shape{2, 2}, {1, 0, 1, 1})},
      {of(K::CorrMatrix), Array(Shape{2, 2}, {1, 0, 0, 1}), Array(Shape{2, 2}, {2, 0, 0, 1})},
      {of(K::PositiveDefinite), Array(Shape{2, 2}, {2, 0, 0, 1}), Array(Shape{2, 2}, {0, 1, 1, 0})},
      {of(K::SoftplusPositive), Array(1.0), Array(-1.0)},
      {Constraint::interval(c(0.0), c(1.0)), Array(0.5), Array(1.5)},
      {Constraint::greater_than(c(1.0)), Array(1.5), Array(1.0)},
      {Constraint::less_than(c(1.0)), Array(0.5), Array(1.0)},
      {of(K::Circular), Array(3.0), Array(4.0)},
      {of(K::ZeroSum), Array::vector({0.5, -1.5, 1.0}), Array::vector({0.5, -1.5, 1.1})},
      {of(K::Boolean), Array(1.0), Array(0.5)},
      {of(K::NonnegativeInteger), Array(0.0), Array(-1.0)},
      {of(K::PositiveInteger), Array(1.0), Array(0.0)},
      {Constraint::integer_interval(c(0.0), c(3.0)), Array(3.0), Array(3.5)},
  };
  // The enum's last kind is IntegerInterval: one case per kind.
  REQUIRE(cases.size() == static_cast<size_t>(K::IntegerInterval) + 1);
  for (size_t k = 0; k < cases.size(); ++k) {
    const Case& entry = cases[k];
    CAPTURE(entry.constraint.to_string());
    CHECK(static_cast<size_t>(entry.constraint.kind) == k);
    const Array in = entry.constraint.check(entry.inside), out = entry.constraint.check(entry.outside);
    REQUIRE(in.size() == 1);
    REQUIRE(out.size() == 1);
    CHECK(in.item() == 1.0);
    CHECK(out.item() == 0.0);
  }
}
