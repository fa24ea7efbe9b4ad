#pragma once
// Poisson(rate) on 0, 1, 2, ...; values that are not counts have log mass -inf.
#include "dist/count_helpers.h"
#include "dist/distribution.h"
#include "dist/fused_elementwise.h"

namespace ppl::dist {

// k log(rate) - rate - log k!
struct PoissonKernel {
  static constexpr size_t arity = 2;  // value, rate

  template <class X, class R>
  static auto log_density(const X& x, const R& rate) {
    return detail::is_count(x).select(
        x * log_of(rate) - rate - (x + 1.0).unaryExpr(&special::lgamma), -detail::kInfinity);
  }
  template <size_t I, class X, class R>
  static auto partial(const X& x, const R& rate) {
    if constexpr (I == 0) return Eigen::ArrayXd::Zero(x.size());  // counts: no derivative
    if constexpr (I == 1) return detail::is_count(x).select(x * inverse_of(rate) - 1.0, 0.0);
  }
};

// The terms of the Poisson log density that involve the rate; the rest,
// -log(x!) and the -inf off the counts, depends on the value alone.
struct PoissonRateTermsKernel {
  static constexpr size_t arity = 2;  // value, rate

  // Off the counts the value terms are -inf already, so no test here.
  template <class X, class R>
  static auto log_density(const X& x, const R& rate) {
    return x * log_of(rate) - rate;
  }
  template <size_t I, class X, class R>
  static auto partial(const X& x, const R& rate) {
    if constexpr (I == 0) return Eigen::ArrayXd::Zero(x.size());
    if constexpr (I == 1) return x * inverse_of(rate) - 1.0;
  }
};

class Poisson : public Distribution {
 public:
  explicit Poisson(ad::Var rate);
  std::string name() const override { return "Poisson"; }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var log_prob_sum(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  Constraint support() const override { return Constraint::of(ConstraintKind::NonnegativeInteger); }
  std::optional<ad::Var> mean() const override;
  std::optional<ad::Var> variance() const override;
  ad::Tape& tape() const override { return rate_.tape(); }

  ad::Var rate() const { return rate_; }

 private:
  ad::Var rate_;
};

}  // namespace ppl::dist
