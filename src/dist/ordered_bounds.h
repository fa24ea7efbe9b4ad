#pragma once
// The check that a family's "high" exceeds its "low" (Uniform, LogUniform),
// now and on every replay of the tape.
#include "dist/distribution.h"

namespace ppl::dist {

template <class Family>
void check_high_above_low(const char* family, const Family& d) {
  const ad::Var& low = d.parameter("low");
  const ad::Var& high = d.parameter("high");
  check_argument(family, "high", broadcast_to(high.value(), d.batch_shape()),
                 greater(high.value(), low.value()), "greater than low");
  d.tape().record_check(&detail::replayed_check<decltype([](const Array& high, const Array& low) {
    return greater(high, low);
  })>,
                        {high, low});
}

}  // namespace ppl::dist
