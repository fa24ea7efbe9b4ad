#pragma once
// Location-scale families: draws and quantiles are those of the standard
// member (loc 0, scale 1) moved by loc and stretched by scale, its CDF
// reads the standardized value (x - loc) / scale, and its mean and variance
// are loc + scale m and scale^2 v for the standard member's m and v.
#include "ad/ops.h"
#include "dist/continuous_common.h"
#include "dist/elementwise.h"
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

// A family's standard member, as its .cpp describes it by specializing
// StandardMember<Family> from one of the two below; draw, mean_of and
// variance_of then follow for every member.
template <class Family>
struct StandardMember {};
template <class StandardSampler, double standard_mean, double standard_variance>
struct WithMoments {
  using Sampler = StandardSampler;
  static constexpr double mean = standard_mean, variance = standard_variance;
};
template <class StandardSampler>
struct WithoutMoments {  // no mean or variance (Cauchy)
  using Sampler = StandardSampler;
};

template <class Family>
  requires requires { typename StandardMember<Family>::Sampler; }
ad::Var draw(const Elementwise<Family>& d, RandomKey key, const Shape& shape) {
  return location_scale_draw(d, key, shape, typename StandardMember<Family>::Sampler(0.0, 1.0));
}

template <class Family>
  requires requires { StandardMember<Family>::mean; }
ad::Var mean_of(const Elementwise<Family>& d) {
  if constexpr (StandardMember<Family>::mean == 0.0)
    return d.parameter("loc");
  else
    return d.parameter("loc") + StandardMember<Family>::mean * d.parameter("scale");
}

template <class Family>
  requires requires { StandardMember<Family>::variance; }
ad::Var variance_of(const Elementwise<Family>& d) {
  return StandardMember<Family>::variance * ad::square(d.parameter("scale"));
}

}  // namespace ppl::dist
