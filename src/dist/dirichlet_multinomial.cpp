#include "dist/dirichlet_multinomial.h"
#include <limits>

#include "ad/ops.h"
#include "core/array_reduce.h"
#include "dist/continuous_common.h"
#include "dist/count_helpers.h"
#include "dist/dirichlet.h"
#include "dist/multinomial.h"

namespace ppl::dist {

namespace {

Shape batch_of(const ad::Var& concentration, const ad::Var& total_count) {
  const Shape& c = concentration.shape();
  if (c.rank() == 0)
    throw ArgumentError(
        "DirichletMultinomial: concentration must have at least one axis, got a scalar");
  return broadcast_shapes(Shape(c.dims().first(c.rank() - 1)), total_count.shape());
}

}  // namespace

DirichletMultinomial::DirichletMultinomial(ad::Var concentration, ad::Var total_count)
    : Distribution(batch_of(concentration, total_count),
                   Shape{concentration.shape()[concentration.shape().rank() - 1]}),
      concentration_(concentration),
      total_count_(total_count) {
  check_positive("DirichletMultinomial", "concentration", concentration_);
  const Array& n = total_count_.value();
  check_argument("DirichletMultinomial", "total_count", n,
                 Constraint::of(ConstraintKind::NonnegativeInteger).check(n),
                 "a non-negative integer");
}

ad::Var DirichletMultinomial::count_per_category() const {
  Shape shape = total_count_.shape();
  shape.push_back(1);
  return ad::reshape(total_count_, shape);
}

ad::Var DirichletMultinomial::log_prob(ad::Var value) const {
  check_event_shape(*this, value);
  const ad::Var& a = concentration_;
  const ad::Var a0 = ad::sum(a, -1);
  const ad::Var& n = total_count_;
  const ad::Var lp = ad::lgamma(n + 1.0) - ad::sum(ad::lgamma(value + 1.0), -1) + ad::lgamma(a0) -
                     ad::lgamma(n + a0) + ad::sum(ad::lgamma(value + a) - ad::lgamma(a), -1);
  // Counts: whole numbers >= 0 summing to total_count.
  const Array& x = value.value();
  const Array whole = sum(Constraint::of(ConstraintKind::NonnegativeInteger).check(x), -1);
  const Array valid =
      equal(whole, Array(static_cast<double>(event_shape_[0]))) * equal(sum(x, -1), n.value());
  if ((valid.values() == 1.0).all()) return lp;
  return ad::where(tape().constant(valid), lp,
                   tape().constant(-std::numeric_limits<double>::infinity()));
}

ad::Var DirichletMultinomial::sample(RandomKey key, const Shape& shape) const {
  detail::check_sample_shape(*this, shape);
  const ad::Var probs =
      tape().constant(Dirichlet(concentration_).sample(fold_in(key, "probs"), shape).value());
  return Multinomial(total_count_, probs, ProbsOrLogits::Probs)
      .sample(fold_in(key, "counts"), shape);
}

Constraint DirichletMultinomial::support() const {
  return Constraint::integer_interval(tape().constant(0.0), total_count_);
}

std::optional<ad::Var> DirichletMultinomial::mean() const {
  return broadcast_var(count_per_category() * concentration_ / ad::sum(concentration_, -1, true),
                       full_shape(*this, Shape{}));
}

std::optional<ad::Var> DirichletMultinomial::variance() const {
  const ad::Var a0 = ad::sum(concentration_, -1, true);
  const ad::Var p = concentration_ / a0;
  const ad::Var n = count_per_category();
  return broadcast_var(n * p * (1.0 - p) * (n + a0) / (1.0 + a0), full_shape(*this, Shape{}));
}

}  // namespace ppl::dist
