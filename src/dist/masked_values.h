#pragma once
// Observed values under a mask, made safe to differentiate.
#include "dist/distribution.h"

namespace ppl::dist {

// Masked-out entries of observed data may be missing values (NaN) or lie
// outside the support: their log densities are dropped, but their partials
// would still be NaN, and 0 * NaN poisons the gradient through the mask.
// They take the value of an entry that counts (or of the mean), which
// changes nothing that counts. Data only, and elementwise distributions.
ad::Var with_masked_out_entries_valid(ad::Var value, const ad::Var& mask, const Distribution& d);

}  // namespace ppl::dist
