#pragma once
// Differentiable rearrangement and selection: reshape, transpose, indexing,
// gathers, slices, concatenation and stacking. The gradient of a selection
// adds the adjoint back into the selected positions (repeated indices add up).
// Index conventions follow core/array_layout.h.
#include <initializer_list>
#include <span>

#include "ad/tape.h"
#include "core/array_layout.h"

namespace ppl::ad {

Var reshape(Var a, const Shape& shape);
Var transpose(Var a);  // axes reversed
Var transpose(Var a, std::span<const int> permutation);

Var index(Var a, int64_t i);  // a[i] along axis 0, which is dropped
Var take(Var a, std::span<const int64_t> indices, int axis = 0);
// Gather: shape a.shape[:axis] + indices.shape + a.shape[axis + 1:].
Var take(Var a, const Array& indices, int axis = 0);
Var slice(Var a, std::span<const SliceRange> ranges);

Var concat(std::span<const Var> parts, int axis = 0);
Var concat(std::initializer_list<Var> parts, int axis = 0);
Var stack(std::span<const Var> parts, int axis = 0);
Var stack(std::initializer_list<Var> parts, int axis = 0);

}  // namespace ppl::ad
