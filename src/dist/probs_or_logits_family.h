#pragma once
// The families of one count per batch element given by probs or logits,
// Bernoulli and Geometric: they keep their parameter, score a value by the
// fused kernel of its parameterization, and draw from the probability, the
// same way (TotalCountFamily does the same with a total_count).
#include <array>

#include "ad/ops.h"
#include "dist/count_helpers.h"
#include "dist/distribution.h"
#include "dist/fused_elementwise.h"

namespace ppl::dist {

template <class ProbsKernel, class LogitsKernel>
class ProbsOrLogitsFamily : public Distribution {
 public:
  ad::Var log_prob(ad::Var value) const override { return fused(value, false); }
  ad::Var log_prob_sum(ad::Var value) const override { return fused(value, true); }
  ad::Tape& tape() const override { return parameter_.tape(); }

  ProbsOrLogits parameterization() const { return kind_; }
  // sigmoid(logits) when given logits.
  ad::Var probs() const {
    return kind_ == ProbsOrLogits::Probs ? parameter_ : ad::sigmoid(parameter_);
  }

 protected:
  ProbsOrLogitsFamily(ad::Var parameter, ProbsOrLogits kind)
      : Distribution(parameter.shape(), Shape{}), parameter_(parameter), kind_(kind) {}

  // Draws of `shape`, each from make_sampler(p) for its batch element's probability p.
  template <class MakeSampler>
  ad::Var draw(RandomKey key, const Shape& shape, MakeSampler make_sampler) const {
    detail::check_sample_shape(*this, shape);
    const Eigen::ArrayXd p = detail::batch_values(probs(), batch_shape_);
    return tape().constant(detail::draw_elementwise(
        key, shape, batch_shape_, [&](int64_t i) { return make_sampler(p[i]); }));
  }

  ad::Var parameter_;
  ProbsOrLogits kind_;

 private:
  ad::Var fused(ad::Var value, bool summed) const {
    return fused_by_parameterization<ProbsKernel, LogitsKernel>(
        kind_, std::array<ad::Var, 2>{value, parameter_}, summed);
  }
};

}  // namespace ppl::dist
