#pragma once
// Samplers for discrete distributions, same conventions as
// continuous_samplers.h. Counts and category indices are returned as doubles
// holding whole numbers (exact up to 2^53), the element type of ppl's arrays.
#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "core/random_key.h"

namespace ppl {

// Poisson(rate). Rates below 10: inversion by sequential search from 0
// (about rate + 1 steps, one uniform). From 10 up: Hörmann's transformed
// rejection with squeeze PTRS (Hörmann 1993, "The transformed rejection
// method for generating Poisson random variables"), constant expected cost.
class PoissonSampler {
 public:
  explicit PoissonSampler(double rate);
  double operator()(RandomStream& stream) const;

 private:
  double draw_by_inversion(RandomStream& stream) const;
  double draw_by_ptrs(RandomStream& stream) const;

  double rate_;
  double exp_minus_rate_;
  double log_rate_ = 0, b_ = 0, a_ = 0, inv_alpha_ = 0, v_r_ = 0;  // PTRS constants, for rate >= 10
};

// Binomial(total_count, probs). Drawn for p' = min(p, 1 - p) and reflected.
// n p' below 10: inversion by sequential search (Kachitvichyanukul and
// Schmeiser's BINV). From 10 up: Hörmann's transformed rejection with
// squeeze BTRS (Hörmann 1993, "The generation of binomial random
// variates"), constant expected cost.
class BinomialSampler {
 public:
  BinomialSampler(std::int64_t total_count, double probs);
  double operator()(RandomStream& stream) const;

 private:
  double draw_by_inversion(RandomStream& stream) const;
  double draw_by_btrs(RandomStream& stream) const;

  std::int64_t n_;
  double p_;                             // min(probs, 1 - probs)
  bool reflected_;                       // drew for 1 - probs: return n - k
  double q_pow_n_, odds_, inversion_a_;  // inversion constants
  double b_ = 0, a_ = 0, c_ = 0, v_r_ = 0, alpha_ = 0, log_odds_ = 0, mode_ = 0, h_ = 0;  // BTRS, for n p >= 10
};

// Geometric(probs) counting failures before the first success (support
// 0, 1, 2, ...), by inversion: floor(log U / log(1 - p)).
class GeometricSampler {
 public:
  explicit GeometricSampler(double probs);
  double operator()(RandomStream& stream) const;

 private:
  double log1m_probs_;
};

// Categorical over 0..K-1 by inversion of the cumulative probabilities
// (binary search): one uniform per draw, with the setup shared by all draws,
// where Gumbel-max would need K uniforms per draw.
class CategoricalSampler {
 public:
  // Non-negative weights, normalized here (they need not sum to 1).
  static CategoricalSampler from_probs(const Eigen::ArrayXd& probs);
  // Unnormalized log-probabilities; -inf marks an impossible category.
  static CategoricalSampler from_logits(const Eigen::ArrayXd& logits);
  double operator()(RandomStream& stream) const;

 private:
  explicit CategoricalSampler(std::vector<double> cumulative);

  std::vector<double> cumulative_;  // running sums of the weights
  double last_possible_;            // last category with positive weight
};

}  // namespace ppl
