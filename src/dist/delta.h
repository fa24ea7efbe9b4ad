#pragma once
// Delta(v, log_density, event_dim): a point mass at v carrying the weight
// log_density. The rightmost event_dim dims of v are its event; log_prob is
// log_density where the value equals v (every element of an event), -inf
// elsewhere. Draws are v, differentiable in v.
#include "dist/continuous_common.h"

namespace ppl::dist {

// The event_dim == 0 density as one node: the derivative is 0 in the value
// and in v (the indicator is flat where it is finite), 1 in log_density.
struct DeltaKernel {
  static constexpr size_t arity = 3;  // value, v, log_density

  static auto log_density(const auto& x, const auto& v, const auto& weight) {
    return inside_support(x == v, weight);
  }
  template <size_t I, class X, class V, class D>
  static auto partial(const X& x, const V& v, const D&) {
    return zero_outside(x == v, X::Constant(x.rows(), x.cols(), I == 2 ? 1.0 : 0.0));
  }
  // Runs element by element in compiled tapes (fused_elementwise.h): an
  // autoguide's transformed site scores its own draw with it.
  static constexpr bool scalar_form = true;
};

class Delta : public Distribution {
 public:
  Delta(ad::Var v, ad::Var log_density, int event_dim = 0);
  std::string name() const override { return "Delta"; }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var log_prob_sum(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  bool has_rsample() const override { return true; }
  Constraint support() const override;
  std::optional<ad::Var> mean() const override;
  std::optional<ad::Var> variance() const override;
  ad::Tape& tape() const override { return v_.tape(); }

  ad::Var v() const { return v_; }
  ad::Var log_density() const { return log_density_; }
  int event_dim() const { return event_dim_; }

 private:
  ad::Var v_, log_density_;
  int event_dim_;
};

}  // namespace ppl::dist
