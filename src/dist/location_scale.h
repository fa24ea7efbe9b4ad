#pragma once
// Location-scale families: draws and quantiles are those of the standard
// member (loc 0, scale 1) moved by loc and stretched by scale, and its CDF
// reads the standardized value (x - loc) / scale.
#include "ad/ops.h"
#include "dist/continuous_common.h"
#include "dist/noise_input.h"

namespace ppl::dist {

// (x - loc) / scale, the value the standard member's CDF reads.
template <class LocationScale>
ad::Var standardized(const LocationScale& d, ad::Var x) {
  return (x - d.parameter("loc")) / d.parameter("scale");
}

// loc + scale * z, from a standard quantile z.
template <class LocationScale>
ad::Var from_standard(const LocationScale& d, ad::Var z) {
  return d.parameter("loc") + d.parameter("scale") * z;
}

template <class LocationScale, class StandardSampler>
ad::Var location_scale_draw(const LocationScale& d, RandomKey key, const Shape& shape,
                            const StandardSampler& standard) {
  return from_standard(d, noise_input(d.tape(), key, shape, standard));
}

}  // namespace ppl::dist
