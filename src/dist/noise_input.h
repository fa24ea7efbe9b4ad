#pragma once
// A draw's noise as a random input of the tape (ad/random_input.h): when an
// SVI step is replayed, the noise is drawn anew from the step's key.
#include <functional>

#include "ad/random_input.h"
#include "dist/continuous_common.h"

namespace ppl::dist {

// post(noise(key, shape, sampler)) on `tape`.
template <class Sampler, class Post = std::identity>
ad::Var noise_input(ad::Tape& tape, RandomKey key, const Shape& shape, const Sampler& sampler,
                    Post post = {}) {
  return ad::random_input(tape, key, [shape, sampler, post](RandomKey k) {
    return Array(post(noise(k, shape, sampler)));
  });
}

}  // namespace ppl::dist
