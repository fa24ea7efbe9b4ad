#pragma once
// The count families of (total_count, probs | logits): Binomial,
// NegativeBinomial and Multinomial keep their parameters and dispatch to
// their fused kernels the same way.
#include "dist/count_helpers.h"
#include "dist/distribution.h"
#include "dist/fused_elementwise.h"

namespace ppl::dist {

class TotalCountFamily : public Distribution {
 public:
  ad::Tape& tape() const override { return parameter_.tape(); }
  ad::Var total_count() const { return total_count_; }
  ProbsOrLogits parameterization() const { return kind_; }

 protected:
  TotalCountFamily(Shape batch_shape, Shape event_shape, ad::Var total_count, ad::Var parameter,
                   ProbsOrLogits kind)
      : Distribution(std::move(batch_shape), std::move(event_shape)),
        total_count_(total_count),
        parameter_(parameter),
        kind_(kind) {}

  // total_count as a non-negative integer (Binomial, Multinomial).
  void check_whole_total_count(const char* family) const {
    const Array& n = total_count_.value();
    check_argument(family, "total_count", n,
                   Constraint::of(ConstraintKind::NonnegativeInteger).check(n),
                   "a non-negative integer");
  }
  // integer_interval(0, total_count), for each count.
  Constraint counts_up_to_total() const {
    return Constraint::integer_interval(tape().constant(0.0), total_count_);
  }

  // The elementwise log mass of (value, total_count, parameter) by the
  // kernel of the parameterization, or its sum.
  template <class ProbsKernel, class LogitsKernel>
  ad::Var fused(ad::Var value, bool summed) const {
    return fused_by_parameterization<ProbsKernel, LogitsKernel>(
        kind_, std::array<ad::Var, 3>{value, total_count_, parameter_}, summed);
  }

  ad::Var total_count_, parameter_;
  ProbsOrLogits kind_;
};

}  // namespace ppl::dist
