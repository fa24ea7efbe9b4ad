#include "dist/dirichlet.h"

#include <fmt/format.h>

#include "ad/ops.h"
#include "core/array_math.h"
#include "core/samplers.h"
#include "dist/count_helpers.h"
#include "dist/implicit_reparameterization.h"

namespace ppl::dist {

namespace {

Shape without_last_axis(const Shape& shape) {
  if (shape.rank() == 0) return shape;
  return Shape(std::span<const int64_t>(shape.dims().data(), shape.rank() - 1));
}

Shape last_axis(const Shape& shape) {
  if (shape.rank() == 0) return Shape{};
  return Shape{shape[shape.rank() - 1]};
}

}  // namespace

Dirichlet::Dirichlet(ad::Var concentration)
    : Distribution(without_last_axis(concentration.shape()), last_axis(concentration.shape())),
      concentration_(concentration) {
  const Array& a = concentration.value();
  if (a.rank() == 0 || a.shape()[a.rank() - 1] == 0)
    throw ArgumentError(fmt::format(
        "Dirichlet: concentration must have a last axis of at least one category, got shape {}",
        a.shape().to_string()));
  check_argument("Dirichlet", "concentration", concentration, domain::positive, "positive");
}

ad::Var Dirichlet::log_prob(ad::Var value) const {
  check_event_shape(*this, value);
  Shape out = broadcast_shapes(without_last_axis(value.shape()), batch_shape_);
  ad::Var a = concentration_;
  ad::Var lp = ad::sum((a - 1.0) * ad::log(value), -1) + ad::lgamma(ad::sum(a, -1)) -
               ad::sum(ad::lgamma(a), -1);
  return broadcast_var(lp, out);
}

// Normalized standard gammas, each differentiable in its concentration.
ad::Var Dirichlet::sample(RandomKey key, const Shape& shape) const {
  detail::check_sample_shape(*this, shape);
  ad::Var g = standard_gamma_rsample(concentration_, key, shape);
  return g / ad::sum(g, -1, true);
}

std::optional<ad::Var> Dirichlet::mean() const {
  return concentration_ / ad::sum(concentration_, -1, true);
}

std::optional<ad::Var> Dirichlet::variance() const {
  ad::Var a0 = ad::sum(concentration_, -1, true);
  return concentration_ * (a0 - concentration_) / (ad::square(a0) * (a0 + 1.0));
}

}  // namespace ppl::dist
