#pragma once
// OrderedLogistic(predictor, cutpoints): an ordinal outcome in 0, ..., K
// from a latent logistic predictor cut at K increasing cutpoints, NumPyro's
// parameterization: P(y <= k) = sigmoid(cutpoints[k] - predictor). A
// Categorical over K + 1 classes whose log-probabilities are
// log(sigmoid(eta - c[k-1]) - sigmoid(eta - c[k])), computed as
// log sigmoid(eta - c[k-1]) + log sigmoid(c[k] - eta) + log(1 - exp(c[k-1] - c[k]))
// so that no class far in a tail rounds to log 0. Batch shape: the
// broadcast of predictor's shape and cutpoints' shape without its last axis.
#include "dist/categorical.h"

namespace ppl::dist {

class OrderedLogistic final : public Categorical {
 public:
  // cutpoints must increase along their last axis (ArgumentError otherwise).
  OrderedLogistic(ad::Var predictor, ad::Var cutpoints);
  std::string name() const override { return "OrderedLogistic"; }
};

}  // namespace ppl::dist
