#include "dist/categorical.h"

#include <vector>

#include "ad/ops.h"
#include "core/samplers.h"

namespace ppl::dist {

namespace {

Shape without_last_axis(const Shape& shape) {
  if (shape.rank() == 0) return shape;
  return Shape(std::span<const int64_t>(shape.dims().data(), shape.rank() - 1));
}

}  // namespace

Categorical::Categorical(ad::Var parameter, ProbsOrLogits kind)
    : Distribution(without_last_axis(parameter.shape()), Shape{}), parameter_(parameter), kind_(kind) {
  detail::check_category_parameter("Categorical", parameter, kind);
}

ad::Var Categorical::probs() const { return detail::category_probs(parameter_, kind_); }

ad::Var Categorical::log_probs() const { return detail::category_log_probs(parameter_, kind_); }

Constraint Categorical::support() const {
  return Constraint::integer_interval(tape().constant(0.0),
                                      tape().constant(static_cast<double>(num_categories() - 1)));
}

// Gathers log_probs[..., value] from the log-probabilities broadcast to
// value's shape, flattened; values that are not categories read category 0
// and are then replaced by -inf.
ad::Var Categorical::log_prob(ad::Var value) const {
  ad::Tape& t = tape();
  const int64_t k = num_categories();
  const Shape out = broadcast_shapes(value.shape(), batch_shape_);
  Shape with_categories = out;
  with_categories.push_back(k);
  const int64_t n = out.numel();
  ad::Var table = ad::reshape(broadcast_var(log_probs(), with_categories), Shape{n * k});
  const Array x = broadcast_to(value.value(), out);
  std::vector<int64_t> indices(n);
  Eigen::ArrayXd valid(n);
  bool all_valid = true;
  for (int64_t i = 0; i < n; ++i) {
    const double xi = x.values()[i];
    const bool ok = xi >= 0 && xi < static_cast<double>(k) && xi == std::floor(xi);
    indices[i] = i * k + (ok ? static_cast<int64_t>(xi) : 0);
    valid[i] = ok ? 1.0 : 0.0;
    all_valid = all_valid && ok;
  }
  ad::Var picked = ad::reshape(ad::take(table, indices, 0), out);
  if (all_valid) return picked;
  return ad::where(t.constant(Array(out, valid)), picked, t.constant(-detail::kInfinity));
}

ad::Var Categorical::sample(RandomKey key, const Shape& shape) const {
  detail::check_sample_shape(*this, shape);
  const int64_t k = num_categories();
  Shape with_categories = batch_shape_;
  with_categories.push_back(k);
  const Eigen::ArrayXd rows = broadcast_to(parameter_.value(), with_categories).values();
  return tape().constant(detail::draw_elementwise(key, shape, batch_shape_, [&](int64_t i) {
    const Eigen::ArrayXd row = rows.segment(i * k, k);
    return kind_ == ProbsOrLogits::Probs ? CategoricalSampler::from_probs(row)
                                         : CategoricalSampler::from_logits(row);
  }));
}

}  // namespace ppl::dist
