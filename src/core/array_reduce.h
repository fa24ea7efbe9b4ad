#pragma once
// Reductions over one axis (negative axes count from the end) or over all
// elements, cumulative sums, and the softmax family. Reducing over all gives a
// rank-0 array. max, min and logsumexp propagate NaN; over an empty axis they
// give their identities (-inf, +inf, -inf).
#include "core/array.h"

namespace ppl {

Array sum(const Array& a);
Array sum(const Array& a, int axis, bool keepdims = false);
Array mean(const Array& a);
Array mean(const Array& a, int axis, bool keepdims = false);
Array prod(const Array& a);
Array prod(const Array& a, int axis, bool keepdims = false);
Array max(const Array& a);
Array max(const Array& a, int axis, bool keepdims = false);
Array min(const Array& a);
Array min(const Array& a, int axis, bool keepdims = false);
// log(sum(exp(a))), computed around the maximum so that it neither overflows
// nor underflows.
Array logsumexp(const Array& a);
Array logsumexp(const Array& a, int axis, bool keepdims = false);

Array cumsum(const Array& a, int axis);
// The same as cumsum of the reversed axis, reversed back: what cumsum's
// gradient needs.
Array reverse_cumsum(const Array& a, int axis);
Array cumprod(const Array& a, int axis);

Array softmax(const Array& a, int axis = -1);
Array log_softmax(const Array& a, int axis = -1);

}  // namespace ppl
