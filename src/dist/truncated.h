#pragma once
// A univariate continuous distribution restricted to [low, high] and
// renormalized, NumPyro's TruncatedDistribution (and its TruncatedNormal,
// LeftTruncatedDistribution, ... forms): log density base.log_prob(x) -
// log Z with Z = F(high) - F(low), -inf outside; draws by inversion,
// x = F^{-1}(F(low) + u Z), differentiable where the base's icdf is.
//
// Z and the draws stay accurate in either tail: where F(low) > 1/2 they are
// computed from the survival function (S(low) - S(high), inverse_survival),
// so that Normal(0, 1) truncated to [10, inf) has its log Z of -53.23 and
// draws just above 10, not a log of 0 and draws at infinity.
#include <optional>
#include <string>

#include "dist/distribution.h"

namespace ppl::dist {

class Truncated : public Distribution {
 public:
  // An absent bound leaves that side open. The base must be univariate,
  // continuous and have a CDF; low < high where both are given
  // (ArgumentError naming `name` otherwise).
  Truncated(std::string name, DistributionPtr base, std::optional<ad::Var> low,
            std::optional<ad::Var> high);

  std::string name() const override { return name_; }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  bool has_rsample() const override { return base_->has_rsample(); }
  Constraint support() const override;
  ad::Var cdf(ad::Var value) const override;
  ad::Var log_cdf(ad::Var value) const override;
  ad::Var log_survival(ad::Var value) const override;
  ad::Var icdf(ad::Var q) const override;
  ad::Tape& tape() const override { return base_->tape(); }

  const DistributionPtr& base() const { return base_; }
  // log Z, of the batch shape.
  const ad::Var& log_normalizer() const { return log_normalizer_; }

 private:
  // 1 where a value is outside [low, high].
  ad::Var outside(const ad::Var& value) const;
  // The base's quantile of mass q of the truncated one, from the tail
  // each element's low lies in.
  ad::Var quantile(ad::Var q) const;

  std::string name_;
  DistributionPtr base_;
  std::optional<ad::Var> low_;
  std::optional<ad::Var> high_;
  // Where F(low) > 1/2: the quantities there come from the survival side.
  ad::Var upper_side_;
  // Where the inversion starts: F(low) on the lower side (0 with no low),
  // S(low) on the upper side; and Z = exp(log Z). Each of the batch shape.
  ad::Var start_;
  ad::Var normalizer_;
  ad::Var log_normalizer_;
};

}  // namespace ppl::dist
