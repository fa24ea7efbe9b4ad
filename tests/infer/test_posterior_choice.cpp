// Which posterior draws a predictive runs on: all in order, a seeded choice
// across every chain without replacement, or with replacement past the end.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "infer/predictive.h"

using namespace ppl::infer;

TEST_CASE("without a requested count every draw is taken once, in file order") {
  PosteriorChoice choice = choose_posterior_draws(5, std::nullopt, 3);
  CHECK(choice.indices == std::vector<size_t>{0, 1, 2, 3, 4});
  CHECK_FALSE(choice.with_replacement);
}

TEST_CASE("a requested count at most the draws: distinct draws from every chain, by seed") {
  // Four chains of 1000 draws, file order: chain c holds 1000c .. 1000c + 999.
  PosteriorChoice choice = choose_posterior_draws(4000, 1000, 7);
  CHECK_FALSE(choice.with_replacement);
  REQUIRE(choice.indices.size() == 1000);
  CHECK(std::is_sorted(choice.indices.begin(), choice.indices.end()));
  CHECK(std::set<size_t>(choice.indices.begin(), choice.indices.end()).size() == 1000);
  CHECK(choice.indices.back() < 4000);
  // 250 expected per chain; the sd without replacement is about 12, so 190..310 is five sd.
  int per_chain[4] = {0, 0, 0, 0};
  for (size_t i : choice.indices) ++per_chain[i / 1000];
  for (int count : per_chain) {
    CHECK(count >= 190);
    CHECK(count <= 310);
  }
  CHECK(choose_posterior_draws(4000, 1000, 7).indices == choice.indices);
  CHECK(choose_posterior_draws(4000, 1000, 8).indices != choice.indices);
  // Asking for every draw gives them all, in order.
  std::vector<size_t> every = choose_posterior_draws(300, 300, 1).indices;
  CHECK(every == choose_posterior_draws(300, std::nullopt, 1).indices);
}

TEST_CASE("more than the draws: with replacement, each draw about equally often") {
  PosteriorChoice choice = choose_posterior_draws(4, 4000, 2);
  CHECK(choice.with_replacement);
  REQUIRE(choice.indices.size() == 4000);
  int counts[4] = {0, 0, 0, 0};
  for (size_t i : choice.indices) {
    REQUIRE(i < 4);
    ++counts[i];
  }
  // 1000 expected each, sd about 27: 860..1140 is five sd.
  for (int count : counts) {
    CHECK(count >= 860);
    CHECK(count <= 1140);
  }
}
