// Key lineage (core/key_lineage.h): the path from a root to a key derived
// from it, re-derived from another root; draws that another root changes.
#include <doctest/doctest.h>

#include "core/error.h"
#include "core/key_lineage.h"

using namespace ppl;

TEST_CASE("a key derived by fold_in and split is derived again from another root") {
  const RandomKey root(7), other(8);
  KeyLineage lineage(root);
  const RandomKey site = fold_in(split(fold_in(root, "guide"), 3)[2], 5);
  const std::optional<KeyLineage::Path> path = lineage.path_to(site);
  REQUIRE(path);
  REQUIRE(path->size() == 3);
  CHECK(path->at(0) == KeyLineage::Step{false, fnv1a_64("guide")});
  CHECK(path->at(1) == KeyLineage::Step{true, 2});
  CHECK(path->at(2) == KeyLineage::Step{false, 5});
  CHECK(KeyLineage::derive(other, *path) == fold_in(split(fold_in(other, "guide"), 3)[2], 5));
  CHECK(KeyLineage::derive(root, *path) == site);
  CHECK(lineage.path_to(root)->empty());
}

TEST_CASE("keys not derived from the root have no path") {
  std::optional<KeyLineage::Path> path;
  const RandomKey elsewhere = fold_in(RandomKey(99), "x");
  {
    KeyLineage lineage(RandomKey(7));
    path = lineage.path_to(elsewhere);
    CHECK_FALSE(lineage.path_to(fold_in(RandomKey(98), "y")));
  }
  CHECK_FALSE(path);
}

TEST_CASE("draws from the root's descendants are listed unless excused") {
  const RandomKey root(7);
  KeyLineage lineage(root);
  RandomStream(fold_in(RandomKey(3), 1)).uniform();  // not from the root: the same at any root
  CHECK(lineage.unexcused_draws().empty());
  {
    KeyLineage::Excuse excuse;
    RandomStream(fold_in(root, 1)).uniform();
  }
  CHECK(lineage.unexcused_draws().empty());
  const RandomKey drawn = fold_in(root, 2);
  RandomStream(drawn).normal();
  REQUIRE(lineage.unexcused_draws().size() == 1);
  CHECK(lineage.unexcused_draws().front() == drawn);
}

TEST_CASE("without a lineage nothing is recorded, and lineages do not nest") {
  CHECK(KeyLineage::active() == nullptr);
  {
    KeyLineage lineage(RandomKey(1));
    CHECK(KeyLineage::active() == &lineage);
    CHECK_THROWS_AS(KeyLineage(RandomKey(2)), Error);
  }
  CHECK(KeyLineage::active() == nullptr);
}
