#include "ad/ops_activation.h"

#include "ad/ops_elementwise.h"

namespace ppl::ad {

Var elu(Var a, double alpha) {
  // expm1 only sees -relu(-a) <= 0: no overflow, and no inf * 0 in its
  // gradient where a is large.
  return relu(a) + alpha * expm1(-relu(-a));
}

Var leaky_relu(Var a, double slope) { return relu(a) - slope * relu(-a); }

}  // namespace ppl::ad
