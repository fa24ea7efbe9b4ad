#pragma once
// A count distribution whose log CDF and log survival function come from
// one computation, tail(k, upper): the two overrides, written once.
#include "dist/distribution.h"

namespace ppl::dist {

template <class Base>
class LogTailsFromOne : public Base {
 public:
  using Base::Base;
  ad::Var log_cdf(ad::Var value) const final { return tail(value, false); }
  ad::Var log_survival(ad::Var value) const final { return tail(value, true); }

 private:
  // log P(X <= k), or log P(X > k) when `upper`.
  virtual ad::Var tail(const ad::Var& k, bool upper) const = 0;
};

}  // namespace ppl::dist
