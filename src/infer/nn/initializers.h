#pragma once
// Initial weights of the autoguides' networks, as JAX's initializers that
// NumPyro's networks use. Fan-in and fan-out are a weight matrix's rows and
// columns ([in, out]).
#include "core/array.h"
#include "core/random_key.h"

namespace ppl::infer::nn {

// JAX's glorot_normal: a standard normal truncated at +-2, scaled so the
// variance is 2 / (fan_in + fan_out).
Array glorot_normal(RandomKey key, int64_t fan_in, int64_t fan_out);
// JAX's glorot_uniform: uniform on +-sqrt(6 / (fan_in + fan_out)).
Array glorot_uniform(RandomKey key, int64_t fan_in, int64_t fan_out);
// Independent Normal(0, sd) entries.
Array normal_entries(RandomKey key, const Shape& shape, double sd);
// Independent Uniform(low, high) entries.
Array uniform_entries(RandomKey key, const Shape& shape, double low, double high);

}  // namespace ppl::infer::nn
