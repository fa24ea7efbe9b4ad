#include "dist/multinomial.h"

#include <algorithm>
#include <vector>

#include "ad/ops.h"
#include "core/array_math.h"
#include "core/samplers.h"

namespace ppl::dist {

namespace {

Shape leading(const Shape& shape, int drop) {
  return Shape(std::span<const int64_t>(shape.dims().data(), std::max(0, shape.rank() - drop)));
}

Shape with_last(Shape shape, int64_t last) {
  shape.push_back(last);
  return shape;
}

Shape multinomial_batch(const ad::Var& total_count, const ad::Var& parameter) {
  if (parameter.shape().rank() == 0) return total_count.shape();  // refused by the constructor
  return broadcast_shapes(total_count.shape(), leading(parameter.shape(), 1));
}

}  // namespace

Multinomial::Multinomial(ad::Var total_count, ad::Var parameter, ProbsOrLogits kind)
    : TotalCountFamily(multinomial_batch(total_count, parameter),
                       parameter.shape().rank() == 0
                           ? Shape{}
                           : Shape{parameter.shape()[parameter.shape().rank() - 1]},
                       total_count, parameter, kind) {
  check_whole_total_count("Multinomial");
  detail::check_category_parameter("Multinomial", parameter, kind);
}

ad::Var Multinomial::probs() const { return detail::category_probs(parameter_, kind_); }

Constraint Multinomial::support() const { return counts_up_to_total(); }

// log n! - sum log x_k! + sum x_k log p_k, the terms with x_k = 0 left out
// (so a category of probability 0 that was never drawn costs nothing).
ad::Var Multinomial::log_prob(ad::Var value) const {
  check_event_shape(*this, value);
  ad::Tape& t = tape();
  const int64_t k = num_categories();
  const Shape out = broadcast_shapes(leading(value.shape(), 1), batch_shape_);
  const Array x = broadcast_to(value.value(), with_last(out, k));
  const Array n = broadcast_to(total_count_.value(), out);
  Eigen::ArrayXd valid(out.numel());
  bool all_valid = true;
  for (int64_t i = 0; i < out.numel(); ++i) {
    const Eigen::ArrayXd row = x.values().segment(i * k, k);
    const bool ok = (row >= 0).all() && (row == row.floor()).all() && (row < detail::kInfinity).all() &&
                    row.sum() == n.values()[i];
    valid[i] = ok ? 1.0 : 0.0;
    all_valid = all_valid && ok;
  }
  ad::Var counts = t.constant(x);
  ad::Var zero_counts = t.constant(equal(x, Array(0.0)));
  ad::Var log_p = detail::category_log_probs(parameter_, kind_);
  ad::Var terms = ad::where(zero_counts, t.constant(0.0), counts * log_p);
  ad::Var lp = ad::lgamma(total_count_ + 1.0) - ad::sum(ad::lgamma(counts + 1.0), -1) + ad::sum(terms, -1);
  lp = broadcast_var(lp, out);
  if (all_valid) return lp;
  return ad::where(t.constant(Array(out, valid)), lp, t.constant(-detail::kInfinity));
}

// Category by category: x_k ~ Binomial(remaining count, p_k / remaining mass).
ad::Var Multinomial::sample(RandomKey key, const Shape& shape) const {
  detail::check_sample_shape(*this, shape);
  const int64_t k = num_categories();
  const Eigen::ArrayXd n = detail::batch_values(total_count_, batch_shape_);
  const Eigen::ArrayXd p = broadcast_to(probs().value(), with_last(batch_shape_, k)).values();
  const std::vector<int64_t> positions = detail::batch_positions(shape, 1, batch_shape_);
  RandomStream stream(key);
  Eigen::ArrayXd out(shape.numel());
  for (size_t j = 0; j < positions.size(); ++j) {
    const int64_t b = positions[j];
    int64_t remaining = static_cast<int64_t>(n[b]);
    double mass = 1.0;
    for (int64_t c = 0; c < k; ++c) {
      double drawn = 0.0;
      if (c == k - 1) {
        drawn = static_cast<double>(remaining);
      } else if (remaining > 0) {
        const double pc = p[b * k + c];
        const double conditional = mass > 0 ? std::clamp(pc / mass, 0.0, 1.0) : 0.0;
        drawn = BinomialSampler(remaining, conditional)(stream);
        mass -= pc;
      }
      out[static_cast<int64_t>(j) * k + c] = drawn;
      remaining -= static_cast<int64_t>(drawn);
    }
  }
  return tape().constant(Array(shape, std::move(out)));
}

std::optional<ad::Var> Multinomial::mean() const {
  ad::Var n = ad::reshape(broadcast_var(total_count_, batch_shape_), with_last(batch_shape_, 1));
  return broadcast_var(n * probs(), with_last(batch_shape_, num_categories()));
}

std::optional<ad::Var> Multinomial::variance() const {
  ad::Var n = ad::reshape(broadcast_var(total_count_, batch_shape_), with_last(batch_shape_, 1));
  ad::Var p = probs();
  return broadcast_var(n * p * (1.0 - p), with_last(batch_shape_, num_categories()));
}

}  // namespace ppl::dist
