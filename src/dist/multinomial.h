#pragma once
// Multinomial(total_count, probs | logits): counts of total_count draws from
// K categories, the categories along the parameter's last axis. Event shape
// [K]; batch shape = broadcast of total_count's shape and the parameter's
// shape without its last axis. A value whose entries are not counts summing
// to total_count has log mass -inf. total_count is a count: the log mass
// gets no derivative in it.
#include "dist/count_helpers.h"
#include "dist/distribution.h"

namespace ppl::dist {

class Multinomial : public Distribution {
 public:
  Multinomial(ad::Var total_count, ad::Var parameter, ProbsOrLogits kind);
  std::string name() const override { return "Multinomial"; }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  // NumPyro's multinomial(total_count) support; the nearest constraint here
  // is integer_interval(0, total_count) on each entry.
  Constraint support() const override;
  std::optional<ad::Var> mean() const override;      // n p
  std::optional<ad::Var> variance() const override;  // n p (1 - p)
  ad::Tape& tape() const override { return parameter_.tape(); }

  int64_t num_categories() const { return event_shape_[0]; }
  ad::Var total_count() const { return total_count_; }
  ProbsOrLogits parameterization() const { return kind_; }
  ad::Var probs() const;

 private:
  ad::Var total_count_, parameter_;
  ProbsOrLogits kind_;
};

}  // namespace ppl::dist
