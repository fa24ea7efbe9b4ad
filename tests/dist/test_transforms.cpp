// Transforms and biject_to: round trips, log|det J| against finite-difference
// Jacobians, gradients of forward and of the log-Jacobian, and that forward
// lands in the constraint.
#include <doctest/doctest.h>

#include <Eigen/Cholesky>
#include <Eigen/LU>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "../ad/gradient_check.h"
#include "ad/ops.h"
#include "core/array_linalg.h"
#include "dist/distribution.h"
#include "dist/transforms.h"

using namespace ppl;
using dist::Constraint;
using dist::ConstraintKind;
using dist::TransformPtr;

namespace {

using Maker = std::function<TransformPtr(ad::Tape&)>;

// The coordinates of one constrained event that the Jacobian is taken onto.
// ZeroSumPlane: the coordinates in an orthonormal (Helmert) basis of the
// plane of vectors summing to zero.
enum class Free { All, SimplexHead, Lower, StrictlyLower, ZeroSumPlane };

struct Case {
  std::string label;
  Maker make;
  Shape x_shape;  // batch + unconstrained event
  Free free = Free::All;
  std::optional<ConstraintKind> support;  // checked on forward's values
  double spread = 2.0;                    // x drawn uniform in [-spread, spread)
};

Maker bijection(std::function<Constraint(ad::Tape&)> constraint) {
  return [constraint](ad::Tape& t) { return dist::biject_to(constraint(t)); };
}
Maker bijection(ConstraintKind kind) {
  return bijection([kind](ad::Tape&) { return Constraint::of(kind); });
}

std::vector<Case> cases() {
  std::vector<Case> c;
  auto add = [&](std::string label, Maker make, Shape x_shape, Free free,
                 std::optional<ConstraintKind> support, double spread = 2.0) {
    c.push_back(Case{std::move(label), std::move(make), x_shape, free, support, spread});
  };
  using K = ConstraintKind;
  add("real", bijection(K::Real), {3}, Free::All, K::Real);
  add("real_vector", bijection(K::RealVector), {2, 3}, Free::All, K::RealVector);
  add("positive", bijection(K::Positive), {3}, Free::All, K::Positive);
  add("nonnegative", bijection(K::Nonnegative), {3}, Free::All, K::Nonnegative);
  add("softplus_positive", bijection(K::SoftplusPositive), {3}, Free::All, K::SoftplusPositive);
  add("unit_interval", bijection(K::UnitInterval), {3}, Free::All, K::UnitInterval);
  add("circular", bijection(K::Circular), {3}, Free::All, K::Circular);
  add("interval(-1, 3)",
      bijection([](ad::Tape& t) { return Constraint::interval(t.constant(-1.0), t.constant(3.0)); }),
      {3}, Free::All, K::Interval);
  add("greater_than(2)",
      bijection([](ad::Tape& t) { return Constraint::greater_than(t.constant(2.0)); }), {3},
      Free::All, K::GreaterThan);
  add("less_than(-1)",
      bijection([](ad::Tape& t) { return Constraint::less_than(t.constant(-1.0)); }), {3},
      Free::All, K::LessThan);
  add("Affine(loc [3], scale -2)",
      [](ad::Tape& t) {
        return std::make_shared<dist::AffineTransform>(t.constant(Array::vector({1, 2, 3})),
                                                       t.constant(-2.0));
      },
      {3}, Free::All, std::nullopt);
  add("simplex", bijection(K::Simplex), {2, 3}, Free::SimplexHead, K::Simplex);
  add("simplex K=2", bijection(K::Simplex), {1}, Free::SimplexHead, K::Simplex);
  add("ordered_vector", bijection(K::OrderedVector), {2, 4}, Free::All, K::OrderedVector);
  add("positive_ordered_vector", bijection(K::PositiveOrderedVector), {2, 4}, Free::All,
      K::PositiveOrderedVector);
  add("lower_cholesky", bijection(K::LowerCholesky), {2, 6}, Free::Lower, K::LowerCholesky);
  add("corr_cholesky D=3", bijection(K::CorrCholesky), {2, 3}, Free::StrictlyLower,
      K::CorrCholesky);
  add("corr_cholesky D=4", bijection(K::CorrCholesky), {6}, Free::StrictlyLower, K::CorrCholesky,
      1.5);
  add("corr_matrix", bijection(K::CorrMatrix), {2, 3}, Free::StrictlyLower, K::CorrMatrix);
  add("positive_definite", bijection(K::PositiveDefinite), {2, 6}, Free::Lower,
      K::PositiveDefinite, 1.0);
  add("zero_sum", bijection(K::ZeroSum), {2, 3}, Free::ZeroSumPlane, K::ZeroSum);
  add("zero_sum K=2", bijection(K::ZeroSum), {1}, Free::ZeroSumPlane, K::ZeroSum);
  add("Tanh", [](ad::Tape& t) { return std::make_shared<dist::TanhTransform>(t); }, {2, 3},
      Free::All, K::Interval, 4.0);
  add("Exp then Power(-1.5)",
      [](ad::Tape& t) {
        return std::make_shared<dist::ComposedTransform>(std::vector<TransformPtr>{
            std::make_shared<dist::ExpTransform>(),
            std::make_shared<dist::PowerTransform>(t.constant(-1.5))});
      },
      {3}, Free::All, K::Positive);
  add("Permute [2, 0, 1]",
      [](ad::Tape&) { return std::make_shared<dist::PermuteTransform>(Array::vector({2, 0, 1})); },
      {2, 3}, Free::All, K::RealVector);
  add("LowerCholeskyAffine",
      [](ad::Tape& t) {
        return std::make_shared<dist::LowerCholeskyAffine>(
            t.constant(Array::vector({1.0, -2.0, 0.5})),
            t.constant(Array(Shape{3, 3}, {1.5, 0, 0, 0.3, 0.8, 0, -0.4, 0.2, 1.1})));
      },
      {2, 3}, Free::All, K::RealVector);
  return c;
}

Array forward_value(const Case& c, const Array& x) {
  ad::Tape tape;
  return c.make(tape)->forward(tape.constant(x)).value();
}

// The free coordinates of a flat constrained event of `event` shape.
Eigen::VectorXd free_coordinates(Free free, const double* y, const Shape& event) {
  std::vector<double> out;
  if (free == Free::All) {
    for (int64_t i = 0; i < event.numel(); ++i) out.push_back(y[i]);
  } else if (free == Free::SimplexHead) {
    for (int64_t i = 0; i + 1 < event.numel(); ++i) out.push_back(y[i]);
  } else if (free == Free::ZeroSumPlane) {
    // e_k = (1, .., 1 (k times), -k, 0, ..) / sqrt(k (k + 1)), k = 1 .. n-1.
    for (int64_t k = 1; k < event.numel(); ++k) {
      double head = 0;
      for (int64_t i = 0; i < k; ++i) head += y[i];
      out.push_back((head - static_cast<double>(k) * y[k]) /
                    std::sqrt(static_cast<double>(k * (k + 1))));
    }
  } else {
    const int64_t d = event[0];
    for (int64_t i = 0; i < d; ++i)
      for (int64_t j = 0; j <= i; ++j)
        if (j < i || free == Free::Lower) out.push_back(y[i * d + j]);
  }
  return Eigen::Map<Eigen::VectorXd>(out.data(), static_cast<Eigen::Index>(out.size()));
}

Shape event_part(const Shape& shape, int event_dim) {
  return Shape(shape.dims().last(static_cast<size_t>(event_dim)));
}

bool close(const Array& a, const Array& b, double tol) {
  if (!(a.shape() == b.shape())) return false;
  return ((a.values() - b.values()).abs() <= tol * (1.0 + b.values().abs())).all();
}

// Constraint::check, and for the event constraints their defining properties
// once more, written out here.
void check_support(ConstraintKind kind, const Constraint& c, const Array& y) {
  const Array ok = c.check(y);
  CHECK(ok.values().minCoeff() == 1.0);
  const Eigen::ArrayXd& v = y.values();
  auto lanes = [&](int64_t n, auto f) {
    for (int64_t s = 0; s < y.size(); s += n) f(v.data() + s);
  };
  switch (kind) {
    case ConstraintKind::Simplex: {
      const int64_t k = y.shape()[y.rank() - 1];
      lanes(k, [&](const double* p) {
        double total = 0;
        for (int64_t i = 0; i < k; ++i) {
          CHECK(p[i] > 0);
          total += p[i];
        }
        CHECK(total == doctest::Approx(1.0).epsilon(1e-12));
      });
      break;
    }
    case ConstraintKind::ZeroSum: {
      const int64_t k = y.shape()[y.rank() - 1];
      lanes(k, [&](const double* p) {
        double total = 0, size = 0;
        for (int64_t i = 0; i < k; ++i) total += p[i], size += std::abs(p[i]);
        CHECK(std::abs(total) <= 1e-12 * (1 + size));
      });
      break;
    }
    case ConstraintKind::OrderedVector:
    case ConstraintKind::PositiveOrderedVector: {
      const int64_t k = y.shape()[y.rank() - 1];
      lanes(k, [&](const double* p) {
        for (int64_t i = 1; i < k; ++i) CHECK(p[i] > p[i - 1]);
        if (kind == ConstraintKind::PositiveOrderedVector) CHECK(p[0] > 0);
      });
      break;
    }
    case ConstraintKind::LowerCholesky:
    case ConstraintKind::CorrCholesky:
    case ConstraintKind::CorrMatrix:
    case ConstraintKind::PositiveDefinite: {
      const int64_t d = y.shape()[y.rank() - 1];
      lanes(d * d, [&](const double* p) {
        Eigen::Map<const RowMajorMatrix> m(p, d, d);
        if (kind == ConstraintKind::LowerCholesky || kind == ConstraintKind::CorrCholesky) {
          for (int64_t i = 0; i < d; ++i) {
            CHECK(m(i, i) > 0);
            for (int64_t j = i + 1; j < d; ++j) CHECK(m(i, j) == 0.0);
          }
        }
        if (kind == ConstraintKind::CorrCholesky) {
          const Eigen::MatrixXd corr = m * m.transpose();
          for (int64_t i = 0; i < d; ++i) CHECK(corr(i, i) == doctest::Approx(1.0).epsilon(1e-12));
        }
        if (kind == ConstraintKind::CorrMatrix || kind == ConstraintKind::PositiveDefinite) {
          CHECK((m - m.transpose()).cwiseAbs().maxCoeff() < 1e-12);
          Eigen::LLT<Eigen::MatrixXd> llt{Eigen::MatrixXd(m)};
          CHECK(llt.info() == Eigen::Success);
          if (kind == ConstraintKind::CorrMatrix)
            for (int64_t i = 0; i < d; ++i) CHECK(m(i, i) == doctest::Approx(1.0).epsilon(1e-12));
        }
      });
      break;
    }
    default:
      break;
  }
}

}  // namespace

TEST_CASE("Transforms: round trips through inverse and inverse_var") {
  for (const Case& c : cases()) {
    CAPTURE(c.label);
    const Array x = ad::testing::random_array(c.x_shape, -c.spread, c.spread, 3);
    ad::Tape tape;
    TransformPtr t = c.make(tape);
    const Array y = t->forward(tape.constant(x)).value();
    CHECK(y.shape() == t->forward_shape(x.shape()));
    CHECK(t->inverse_shape(y.shape()) == x.shape());
    const Array back = t->inverse(y);
    CHECK(close(back, x, 1e-8));
    CHECK(close(forward_value(c, back), y, 1e-10));
    // inverse_var agrees with inverse (a constant where it is not differentiable).
    CHECK(close(t->inverse_var(tape.constant(y)).value(), back, 1e-10));
  }
}

TEST_CASE("Transforms: log|det J| equals the log-determinant of a finite-difference Jacobian") {
  for (const Case& c : cases()) {
    CAPTURE(c.label);
    Array x = ad::testing::random_array(c.x_shape, -c.spread, c.spread, 5);
    ad::Tape tape;
    TransformPtr t = c.make(tape);
    const ad::Var xv = tape.constant(x);
    const ad::Var yv = t->forward(xv);
    const Array ladj = t->log_abs_det_jacobian(xv, yv).value();
    const Shape x_event = event_part(x.shape(), t->domain_event_dim());
    const Shape y_event = event_part(yv.shape(), t->event_dim());
    const int64_t n = x_event.numel();
    const int64_t events = x.size() / n;
    REQUIRE(ladj.size() == events);
    for (int64_t b = 0; b < events; ++b) {
      Eigen::MatrixXd jacobian(n, n);
      for (int64_t j = 0; j < n; ++j) {
        double& xj = x.data()[b * n + j];
        const double original = xj, h = 1e-6;
        xj = original + h;
        const Array above = forward_value(c, x);
        xj = original - h;
        const Array below = forward_value(c, x);
        xj = original;
        const int64_t m = y_event.numel();
        const Eigen::VectorXd column =
            (free_coordinates(c.free, above.data() + b * m, y_event) -
             free_coordinates(c.free, below.data() + b * m, y_event)) / (2 * h);
        REQUIRE(column.size() == n);
        jacobian.col(j) = column;
      }
      const double expected = std::log(std::abs(jacobian.fullPivLu().determinant()));
      CAPTURE(b);
      CHECK(ladj.values()[b] == doctest::Approx(expected).epsilon(1e-6));
    }
  }
}

TEST_CASE("Transforms: gradients of forward and of log|det J| match finite differences") {
  for (const Case& c : cases()) {
    CAPTURE(c.label);
    const Array x = ad::testing::random_array(c.x_shape, -c.spread, c.spread, 9);
    const Maker make = c.make;
    ad::testing::check_gradient(
        [make](std::span<const ad::Var> in) { return make(in[0].tape())->forward(in[0]); }, {x},
        1e-5);
    ad::testing::check_gradient(
        [make](std::span<const ad::Var> in) {
          TransformPtr t = make(in[0].tape());
          return t->log_abs_det_jacobian(in[0], t->forward(in[0]));
        },
        {x}, 1e-5);
  }
}

TEST_CASE("Transforms: differentiable inverses have the right gradients") {
  for (const Case& c : cases()) {
    ad::Tape tape;
    if (!c.make(tape)->has_differentiable_inverse()) continue;
    CAPTURE(c.label);
    const Array y = forward_value(c, ad::testing::random_array(c.x_shape, -c.spread, c.spread, 4));
    const Maker make = c.make;
    ad::testing::check_gradient(
        [make](std::span<const ad::Var> in) { return make(in[0].tape())->inverse_var(in[0]); },
        {y}, 1e-5);
  }
}

TEST_CASE("Transforms: forward lands in the constraint") {
  for (const Case& c : cases()) {
    if (!c.support) continue;
    CAPTURE(c.label);
    for (unsigned seed : {1u, 2u, 3u}) {
      ad::Tape tape;
      const Array x = ad::testing::random_array(c.x_shape, -3.0, 3.0, seed);
      TransformPtr t = c.make(tape);
      const Array y = t->forward(tape.constant(x)).value();
      check_support(*c.support, t->codomain(), y);
    }
  }
}

TEST_CASE("Transforms: Affine parameters get gradients") {
  ad::testing::check_gradient(
      [](std::span<const ad::Var> in) {
        dist::AffineTransform t(in[1], in[2]);
        ad::Var y = t.forward(in[0]);
        return y + t.log_abs_det_jacobian(in[0], y);
      },
      {ad::testing::random_array({4, 3}), ad::testing::random_array({3}),
       ad::testing::random_array({3}, 0.5, 2.0)});
  ad::testing::check_gradient(
      [](std::span<const ad::Var> in) {
        Constraint c = Constraint::interval(in[1], in[1] + ad::exp(in[2]));
        return dist::biject_to(c)->forward(in[0]);
      },
      {ad::testing::random_array({3}), ad::testing::random_array({}),
       ad::testing::random_array({})});
}

TEST_CASE("Transforms: event dims, shapes and names") {
  using K = ConstraintKind;
  auto t = dist::biject_to(Constraint::of(K::PositiveOrderedVector));
  CHECK(t->event_dim() == 1);
  CHECK(t->domain_event_dim() == 1);
  CHECK(t->codomain().kind == K::PositiveOrderedVector);
  auto l = dist::biject_to(Constraint::of(K::LowerCholesky));
  CHECK(l->event_dim() == 2);
  CHECK(l->domain_event_dim() == 1);
  CHECK(l->forward_shape(Shape{5, 10}) == Shape{5, 4, 4});
  CHECK(l->inverse_shape(Shape{4, 4}) == Shape{10});
  auto corr = dist::biject_to(Constraint::of(K::CorrMatrix));
  CHECK(corr->event_dim() == 2);
  CHECK(corr->domain_event_dim() == 1);
  CHECK(corr->forward_shape(Shape{6}) == Shape{4, 4});
  CHECK(corr->inverse_shape(Shape{3, 4, 4}) == Shape{3, 6});
  auto s = dist::biject_to(Constraint::of(K::Simplex));
  CHECK(s->forward_shape(Shape{2, 3}) == Shape{2, 4});
  CHECK(s->inverse_shape(Shape{4}) == Shape{3});
  CHECK_THROWS_WITH_AS(
      l->forward_shape(Shape{4}),
      "LowerCholesky: an unconstrained vector of length 4 does not fill the lower triangle of a square matrix",
      dist::ArgumentError);
  CHECK(dist::biject_to(Constraint::of(K::Real))->name() == "Identity");
  CHECK(dist::biject_to(Constraint::of(K::Positive))->name() == "Exp");
  ad::Tape tape;
  auto gt = dist::biject_to(Constraint::greater_than(tape.constant(2.0)));
  CHECK(gt->codomain().kind == K::GreaterThan);
  // A composition of Sigmoid and Affine works out its own codomain.
  dist::ComposedTransform composed(
      {std::make_shared<dist::SigmoidTransform>(),
       std::make_shared<dist::AffineTransform>(tape.constant(1.0), tape.constant(2.0))});
  Constraint image = composed.codomain();
  CHECK(image.kind == K::Interval);
  CHECK(image.upper->item() == 3.0);
}

TEST_CASE("Transforms: Power's exponent and LowerCholeskyAffine's loc and factor get gradients") {
  ad::testing::check_gradient(
      [](std::span<const ad::Var> in) {
        dist::PowerTransform t(in[1]);
        ad::Var y = t.forward(in[0]);
        return y + t.log_abs_det_jacobian(in[0], y) + t.inverse_var(y * 1.5);
      },
      {ad::testing::random_array({3}, 0.5, 2.0), ad::testing::random_array({}, 0.5, 2.0)});
  ad::testing::check_gradient(
      [](std::span<const ad::Var> in) {
        ad::Tape& tape = in[0].tape();
        const ad::Var lower = in[2] * tape.constant(Array(Shape{2, 2}, {0, 0, 1, 0})) +
                              ad::exp(in[2]) * tape.constant(Array::eye(2));
        dist::LowerCholeskyAffine t(in[1], lower);
        ad::Var y = t.forward(in[0]);
        return ad::sum(y) + ad::sum(t.log_abs_det_jacobian(in[0], y)) +
               ad::sum(t.inverse_var(y * 2.0));
      },
      {ad::testing::random_array({3, 2}), ad::testing::random_array({2}),
       ad::testing::random_array({2, 2}, -0.5, 0.5)});
}

TEST_CASE("Transforms: bad permutations, exponents and factors are refused by name") {
  ad::Tape tape;
  CHECK_THROWS_WITH(dist::PermuteTransform(Array::vector({0, 0, 1})),
                    doctest::Contains("Permute: permutation must be a vector listing 0 .. K-1"));
  CHECK_THROWS_WITH(dist::PowerTransform(tape.constant(0.0)),
                    doctest::Contains("Power: exponent must be nonzero"));
  CHECK_THROWS_WITH(
      dist::LowerCholeskyAffine(tape.constant(0.0), tape.constant(Array(Shape{2, 2}, {1, 1, 0, 1}))),
      doctest::Contains("LowerCholeskyAffine: scale_tril must be lower triangular"));
  const dist::PermuteTransform p(Array::vector({2, 0, 1}));
  CHECK((p.forward(tape.constant(Array::vector({10, 20, 30}))).value().values() ==
         Array::vector({30, 10, 20}).values())
            .all());
}

TEST_CASE("Transforms: the x = 0 stick is the uniform simplex; discrete supports have no bijection") {
  ad::Tape tape;
  auto s = dist::biject_to(Constraint::of(ConstraintKind::Simplex));
  const Array y = s->forward(tape.constant(Array::zeros(Shape{4}))).value();
  for (double v : y.values()) CHECK(v == doctest::Approx(0.2));
  CHECK_THROWS_WITH_AS(
      dist::biject_to(Constraint::of(ConstraintKind::Boolean)),
      "there is no bijection to the discrete support boolean; the site must be observed or enumerated",
      dist::ArgumentError);
  CHECK_THROWS_WITH_AS(
      dist::biject_to(Constraint::integer_interval(tape.constant(0.0), tape.constant(3.0))),
      "there is no bijection to the discrete support integer_interval(0, 3); the site must be observed or enumerated",
      dist::ArgumentError);
}

TEST_CASE("Transforms: extreme inputs stay finite and inside the support") {
  ad::Tape tape;
  const Array big = Array::vector({-40.0, 40.0, 0.0});
  auto s = dist::biject_to(Constraint::of(ConstraintKind::Simplex));
  ad::Var x = tape.constant(big);
  ad::Var y = s->forward(x);
  CHECK(std::isfinite(s->log_abs_det_jacobian(x, y).item()));
  CHECK(y.value().values().sum() == doctest::Approx(1.0));
  auto corr = dist::biject_to(Constraint::of(ConstraintKind::CorrCholesky));
  ad::Var lc = corr->forward(x);
  CHECK(std::isfinite(corr->log_abs_det_jacobian(x, lc).item()));
  CHECK(lc.value().values().allFinite());
}
