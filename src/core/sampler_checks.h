#pragma once
// Parameter checks shared by the samplers: each throws ppl::Error with the
// sampler and argument named, e.g.
//   "gamma sampler: shape must be positive, got -1".
#include <fmt/format.h>

#include <cmath>
#include <string_view>

#include "core/error.h"

namespace ppl::sampler_checks {

[[noreturn]] inline void fail(std::string_view sampler, std::string_view argument, std::string_view requirement,
                              double value) {
  throw Error(fmt::format("{} sampler: {} must be {}, got {}", sampler, argument, requirement, value));
}

inline void require_finite(std::string_view sampler, std::string_view argument, double value) {
  if (!std::isfinite(value)) fail(sampler, argument, "finite", value);
}

inline void require_positive(std::string_view sampler, std::string_view argument, double value) {
  require_finite(sampler, argument, value);
  if (!(value > 0.0)) fail(sampler, argument, "positive", value);
}

inline void require_non_negative(std::string_view sampler, std::string_view argument, double value) {
  require_finite(sampler, argument, value);
  if (!(value >= 0.0)) fail(sampler, argument, "non-negative", value);
}

// The value, once checked: for member initializers.
inline double checked_positive(std::string_view sampler, std::string_view argument, double value) {
  require_positive(sampler, argument, value);
  return value;
}

}  // namespace ppl::sampler_checks
