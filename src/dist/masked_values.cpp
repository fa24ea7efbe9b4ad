#include "dist/masked_values.h"

#include <optional>

#include "core/broadcast.h"

namespace ppl::dist {

ad::Var with_masked_out_entries_valid(ad::Var value, const ad::Var& mask, const Distribution& d) {
  ad::Tape& tape = value.tape();
  if (tape.needs_gradient(value.index()) || d.event_shape().rank() != 0) return value;
  const Array& v = value.value();
  const Array inside = d.support().check(v);
  if (inside.size() != v.size() || broadcast_shapes(mask.shape(), v.shape()) != v.shape())
    return value;
  const Array counts = broadcast_to(mask.value(), v.shape());
  std::optional<double> fill;
  bool invalid_masked_out = false;
  for (Eigen::Index i = 0; i < v.size(); ++i) {
    if (inside.values()[i] == 0 && counts.values()[i] == 0) invalid_masked_out = true;
    if (inside.values()[i] != 0 && counts.values()[i] != 0 && !fill) fill = v.values()[i];
  }
  if (!invalid_masked_out) return value;
  if (!fill) {
    const std::optional<ad::Var> mean = d.mean();
    if (!mean || mean->value().size() == 0) return value;
    const double m = mean->value().values()[0];
    if (d.support().check(Array(m)).values()[0] == 0) return value;
    fill = m;
  }
  Array filled = v;
  for (Eigen::Index i = 0; i < v.size(); ++i)
    if (inside.values()[i] == 0 && counts.values()[i] == 0) filled.mutable_values()[i] = *fill;
  return tape.constant(filled);
}

}  // namespace ppl::dist
