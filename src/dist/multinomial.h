#pragma once
// Multinomial(total_count, probs | logits): counts of total_count draws from
// K categories, the categories along the parameter's last axis. Event shape
// [K]; batch shape = broadcast of total_count's shape and the parameter's
// shape without its last axis. A value whose entries are not counts summing
// to total_count has log mass -inf. total_count is a count: the log mass
// gets no derivative in it.
#include "dist/count_helpers.h"
#include "dist/distribution.h"
#include "dist/total_count_family.h"

namespace ppl::dist {

class Multinomial final : public TotalCountFamily {
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

  int64_t num_categories() const { return event_shape_[0]; }
  ad::Var probs() const;
};

}  // namespace ppl::dist
