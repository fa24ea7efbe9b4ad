#include "core/random_key.h"

#include "core/key_lineage.h"

#include <Random123/philox.h>

#include <cmath>
#include <numbers>

namespace ppl {
namespace {

// The second counter word: which use of the key a block belongs to.
enum class Purpose : std::uint64_t { Draws = 0, Split = 1, FoldIn = 2 };

r123::Philox2x64::ctr_type philox_block(RandomKey key, std::uint64_t index, Purpose purpose) {
  r123::Philox2x64 philox;
  r123::Philox2x64::ctr_type counter = {{index, static_cast<std::uint64_t>(purpose)}};
  r123::Philox2x64::key_type philox_key = {{key.bits()}};
  return philox(counter, philox_key);
}

}  // namespace

std::vector<RandomKey> split(RandomKey key, std::size_t n) {
  std::vector<RandomKey> children;
  children.reserve(n);
  for (std::size_t i = 0; i < n; ++i) children.emplace_back(philox_block(key, i, Purpose::Split)[0]);
  if (KeyLineage* lineage = KeyLineage::active()) [[unlikely]]
    for (std::size_t i = 0; i < n; ++i) lineage->note_derived(key, {true, i}, children[i]);
  return children;
}

RandomKey fold_in(RandomKey key, std::uint64_t data) {
  const RandomKey child(philox_block(key, data, Purpose::FoldIn)[0]);
  if (KeyLineage* lineage = KeyLineage::active()) [[unlikely]]
    lineage->note_derived(key, {false, data}, child);
  return child;
}

RandomKey fold_in(RandomKey key, std::string_view name) { return fold_in(key, fnv1a_64(name)); }

std::uint64_t fnv1a_64(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (unsigned char byte : text) {
    hash ^= byte;
    hash *= 1099511628211ULL;
  }
  return hash;
}

RandomStream::RandomStream(RandomKey key, std::uint64_t first_block) : key_(key), block_(first_block) {
  if (KeyLineage* lineage = KeyLineage::active()) [[unlikely]]
    lineage->note_drawn(key);
}

void RandomStream::refill() {
  auto block = philox_block(key_, block_, Purpose::Draws);
  ++block_;
  words_[0] = block[0];
  words_[1] = block[1];
  words_left_ = 2;
}

std::uint64_t RandomStream::next_bits() {
  if (words_left_ == 0) refill();
  return words_[2 - words_left_--];
}

double RandomStream::uniform() {
  constexpr double two_to_minus_53 = 0x1p-53;
  std::uint64_t j = next_bits() >> 12;  // 52 bits
  return static_cast<double>(2 * j + 1) * two_to_minus_53;
}

double RandomStream::normal() {
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return spare_normal_;
  }
  double radius = std::sqrt(-2.0 * std::log(uniform()));
  double angle = 2.0 * std::numbers::pi * uniform();
  spare_normal_ = radius * std::sin(angle);
  has_spare_normal_ = true;
  return radius * std::cos(angle);
}

}  // namespace ppl
