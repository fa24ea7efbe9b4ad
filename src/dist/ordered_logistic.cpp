#include "dist/ordered_logistic.h"

#include <fmt/format.h>

#include <limits>

#include "ad/ops.h"

namespace ppl::dist {

namespace {

const ad::Var& checked_cutpoints(const ad::Var& cutpoints) {
  const Array& c = cutpoints.value();
  if (c.rank() < 1)
    throw ArgumentError("OrderedLogistic: cutpoints must have at least one axis, got a scalar");
  const int64_t k = c.shape()[c.rank() - 1];
  for (int64_t i = 0; i < c.size(); ++i) {
    const double v = c.values()[i];
    if (std::isnan(v))
      throw ArgumentError(
          fmt::format("OrderedLogistic: cutpoints must not be NaN, got {}", c.to_string()));
    if (i % k > 0 && !(c.values()[i - 1] < v))
      throw ArgumentError(fmt::format(
          "OrderedLogistic: cutpoints must increase along their last axis, got {}", c.to_string()));
  }
  return cutpoints;
}

// log P(y = j) for j = 0..K, along a new last axis.
ad::Var class_log_probs(const ad::Var& predictor, const ad::Var& cutpoints) {
  ad::Tape& tape = cutpoints.tape();
  const Shape& c_shape = cutpoints.shape();
  Shape edge_shape = c_shape;
  edge_shape[edge_shape.rank() - 1] = 1;
  const double inf = std::numeric_limits<double>::infinity();
  // Class j lies between cut j - 1 and cut j; the outer cuts are -inf and +inf.
  const ad::Var lower = ad::concat({tape.constant(Array::full(edge_shape, -inf)), cutpoints}, -1);
  const ad::Var upper = ad::concat({cutpoints, tape.constant(Array::full(edge_shape, inf))}, -1);
  Shape with_axis = predictor.shape();
  with_axis.push_back(1);
  const ad::Var eta = ad::reshape(predictor, with_axis);
  return ad::log_sigmoid(eta - lower) + ad::log_sigmoid(upper - eta) + ad::log1mexp(lower - upper);
}

}  // namespace

OrderedLogistic::OrderedLogistic(ad::Var predictor, ad::Var cutpoints)
    : Categorical(class_log_probs(predictor, checked_cutpoints(cutpoints)), ProbsOrLogits::Logits) {
}

}  // namespace ppl::dist
