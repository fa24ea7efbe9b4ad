#include "core/key_lineage.h"

#include "core/error.h"

namespace ppl {
namespace {

thread_local KeyLineage* active_lineage = nullptr;

// Longer chains than any program derives: a guard against a cycle of
// colliding keys.
constexpr size_t kMaxDepth = 256;

}  // namespace

KeyLineage::KeyLineage(RandomKey root) : root_(root.bits()) {
  if (active_lineage) throw Error("internal: key lineages do not nest");
  active_lineage = this;
}

KeyLineage::~KeyLineage() { active_lineage = nullptr; }

KeyLineage* KeyLineage::active() { return active_lineage; }

void KeyLineage::note_derived(RandomKey parent, Step step, RandomKey child) {
  // The first derivation of a key is kept: the same key derived again from
  // elsewhere would be a 64-bit collision.
  parents_.try_emplace(child.bits(), parent.bits(), step);
}

void KeyLineage::note_drawn(RandomKey key) {
  if (excused_ == 0) drawn_.push_back(key.bits());
}

std::optional<KeyLineage::Path> KeyLineage::path_to(RandomKey key) const {
  Path reversed;
  std::uint64_t at = key.bits();
  while (at != root_) {
    auto it = parents_.find(at);
    if (it == parents_.end() || reversed.size() == kMaxDepth) return std::nullopt;
    reversed.push_back(it->second.second);
    at = it->second.first;
  }
  return Path(reversed.rbegin(), reversed.rend());
}

RandomKey KeyLineage::derive(RandomKey root, const Path& path) {
  RandomKey key = root;
  for (const Step& step : path)
    key = step.split ? split(key, step.data + 1)[step.data] : fold_in(key, step.data);
  return key;
}

std::vector<RandomKey> KeyLineage::unexcused_draws() const {
  std::vector<RandomKey> out;
  for (std::uint64_t bits : drawn_)
    if (path_to(RandomKey(bits))) out.emplace_back(bits);
  return out;
}

KeyLineage::Excuse::Excuse() : lineage_(active_lineage) {
  if (lineage_) ++lineage_->excused_;
}

KeyLineage::Excuse::~Excuse() {
  if (lineage_) --lineage_->excused_;
}

}  // namespace ppl
