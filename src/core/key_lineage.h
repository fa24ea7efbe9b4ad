#pragma once
// Where keys come from, recorded while a KeyLineage is alive on this thread:
// every fold_in and split says which key it derived from which, and every
// RandomStream says which key it draws from. A key met deep inside a run (a
// guide site's noise, drawn from fold_in(fold_in(step, "guide"), "mu")) can
// then be derived again from another root: the next step's key. That is
// what lets a replayed SVI step draw the noise the interpreter would draw.
//
// Example:
//   RandomKey step(7);
//   KeyLineage lineage(step);
//   RandomKey site = fold_in(fold_in(step, "guide"), "mu");
//   auto path = lineage.path_to(site);              // {fold_in "guide", fold_in "mu"}
//   KeyLineage::derive(RandomKey(8), *path) == fold_in(fold_in(RandomKey(8), "guide"), "mu");
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/random_key.h"

namespace ppl {

class KeyLineage {
 public:
  struct Step {
    bool split = false;  // split(parent, n)[data]; else fold_in(parent, data)
    std::uint64_t data = 0;
    friend bool operator==(const Step&, const Step&) = default;
  };
  using Path = std::vector<Step>;

  // Records on this thread until destroyed; lineages do not nest.
  explicit KeyLineage(RandomKey root);
  ~KeyLineage();
  KeyLineage(const KeyLineage&) = delete;
  KeyLineage& operator=(const KeyLineage&) = delete;

  // The steps from the root to `key`, or nothing when `key` does not
  // descend from the root.
  std::optional<Path> path_to(RandomKey key) const;
  static RandomKey derive(RandomKey root, const Path& path);

  // Keys some RandomStream drew from while draws were not excused, which
  // descend from the root: draws that another root would change.
  std::vector<RandomKey> unexcused_draws() const;

  // While alive, draws on this thread are not listed by unexcused_draws()
  // (the draw is being recorded some other way).
  class Excuse {
   public:
    Excuse();
    ~Excuse();
    Excuse(const Excuse&) = delete;
    Excuse& operator=(const Excuse&) = delete;

   private:
    KeyLineage* lineage_;
  };

  // The lineage recording on this thread, or null. Called by fold_in, split
  // and RandomStream (core/random_key.cpp).
  static KeyLineage* active();
  void note_derived(RandomKey parent, Step step, RandomKey child);
  void note_drawn(RandomKey key);

 private:
  std::uint64_t root_;
  std::unordered_map<std::uint64_t, std::pair<std::uint64_t, Step>> parents_;
  std::vector<std::uint64_t> drawn_;
  int excused_ = 0;
};

}  // namespace ppl
