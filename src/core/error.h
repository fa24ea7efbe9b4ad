#pragma once
// The error thrown while evaluating a model: shapes that do not broadcast, an
// axis or index out of range, operands from different tapes. Numerical
// trouble (NaN, inf) is never an error; it propagates through the values.
#include <stdexcept>

namespace ppl {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace ppl
