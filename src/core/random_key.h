#pragma once
// Counter-based random numbers: a key names an infinite stream of random
// bits, and new keys are derived from old ones by pure functions (split,
// fold_in), as in JAX. Every number drawn is a function of (key, position)
// only, so results do not depend on the order or the thread in which keys
// are used.
//
// The generator is Philox2x64-10 (Salmon et al., "Parallel random numbers:
// as easy as 1, 2, 3", SC 2011; Random123). A key is Philox's 64-bit key;
// its 128-bit counter holds (index, purpose), where purpose separates the
// three uses of a key so they never share a counter:
//   draws:   counter (block, 0)  -> two 64-bit words per block
//   split:   counter (i, 1)      -> first word is child key i
//   fold_in: counter (data, 2)   -> first word is the folded key
// With 64-bit keys, two keys among 2^20 derived ones collide with
// probability below 1e-7.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace ppl {

class RandomKey {
 public:
  // The seed is the Philox key itself: Philox is built so that any keys,
  // consecutive ones included, give independent streams.
  explicit RandomKey(std::uint64_t seed) : bits_(seed) {}
  std::uint64_t bits() const { return bits_; }
  friend bool operator==(const RandomKey&, const RandomKey&) = default;

 private:
  std::uint64_t bits_;
};

// n keys independent of each other and of `key`'s own draws. Child i does
// not depend on n: split(key, 2)[1] == split(key, 5)[1].
std::vector<RandomKey> split(RandomKey key, std::size_t n);

// A key for the sub-computation labelled `data` (a chain number, a site).
RandomKey fold_in(RandomKey key, std::uint64_t data);

// fold_in(key, fnv1a_64(name)): a key per named site ("mu", "theta[3]").
RandomKey fold_in(RandomKey key, std::string_view name);

// FNV-1a, 64-bit (offset basis 14695981039346656037, prime 1099511628211),
// over the bytes of `text`; fixed here so site keys never change.
std::uint64_t fnv1a_64(std::string_view text);

// Sequential draws from one key, starting at a given Philox block. Copying a
// stream copies its position; two copies draw the same numbers.
class RandomStream {
 public:
  explicit RandomStream(RandomKey key, std::uint64_t first_block = 0);

  // 64 uniformly random bits.
  std::uint64_t next_bits();

  // Uniform on (0, 1): (2j + 1) / 2^53 for a uniform 52-bit j. Never 0 or 1,
  // every value is exact, and 1 - u is again a possible value, so log(u)
  // and log1p(-u) are both finite.
  double uniform();

  // Standard normal by Box-Muller: two uniforms make two normals, and the
  // second is kept for the next call. Chosen over the Ziggurat for a fixed
  // cost per draw (no tables, no rejection), so a given position in the
  // stream always maps to the same normal.
  double normal();

  // The Philox block the next fresh words come from.
  std::uint64_t next_block() const { return block_; }

 private:
  void refill();

  RandomKey key_;
  std::uint64_t block_;
  std::uint64_t words_[2] = {0, 0};
  int words_left_ = 0;
  double spare_normal_ = 0.0;
  bool has_spare_normal_ = false;
};

}  // namespace ppl
