#pragma once
// ZeroInflatedDistribution(base_dist, gate | gate_logits): 0 with probability
// gate, else a draw of the discrete base, as NumPyro's.
//   log p(0) = log(gate + (1 - gate) p_base(0)),
//   log p(k) = log(1 - gate) + log p_base(k) for k != 0,
// kept in log space (logaddexp; gate_logits through softplus). Batch shape
// the broadcast of the base's and the gate's. Draws are not reparameterized.
#include "dist/wrapper.h"

namespace ppl::dist {

class ZeroInflatedDistribution final : public Wrapper {
 public:
  // gate_is_logits: the gate is given as logits (gate = sigmoid(gate_logits)).
  ZeroInflatedDistribution(DistributionPtr base, ad::Var gate, bool gate_is_logits);
  std::string name() const override { return "ZeroInflatedDistribution"; }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  bool has_rsample() const override { return false; }
  // (1 - gate) mean_base and (1 - gate) (var_base + mean_base^2) - mean^2.
  std::optional<ad::Var> mean() const override;
  std::optional<ad::Var> variance() const override;
  // From the base's: F(k) = gate + (1 - gate) F_base(k) for k >= 0.
  ad::Var cdf(ad::Var value) const override;
  ad::Var log_cdf(ad::Var value) const override;
  ad::Var log_survival(ad::Var value) const override;

 private:
  ad::Var log_gate_, log_not_gate_;  // log gate, log(1 - gate)
};

}  // namespace ppl::dist
