#include <doctest/doctest.h>

#include <cmath>
#include <set>
#include <thread>
#include <vector>

#include "core/random_key.h"

using ppl::RandomKey;
using ppl::RandomStream;

namespace {

std::vector<std::uint64_t> first_words(RandomKey key, int count) {
  RandomStream stream(key);
  std::vector<std::uint64_t> words;
  for (int i = 0; i < count; ++i) words.push_back(stream.next_bits());
  return words;
}

}  // namespace

TEST_CASE("the stream of key 0 starts with Philox2x64-10's known answer for counter (0, 0)") {
  // Random123's known-answer vector for philox2x64 (10 rounds), key 0, counter 0.
  CHECK(first_words(RandomKey(0), 2) == std::vector<std::uint64_t>{0xca00a0459843d731ULL, 0x66c24222c9a845b5ULL});
}

TEST_CASE("written-down first uniforms and normals of key 42 catch any change of algorithm") {
  RandomStream stream(RandomKey(42));
  CHECK(stream.uniform() == 0.96073943809833484);
  CHECK(stream.uniform() == 0.04230262258072115);
  CHECK(stream.uniform() == 0.02779614808544062);
  CHECK(stream.uniform() == 0.94521388962415209);
  CHECK(stream.normal() == -1.5764472970804297);
  CHECK(stream.normal() == 0.38475361489611209);
  CHECK(stream.normal() == 0.44383586950498888);
  CHECK(stream.normal() == 0.91821605622280422);
}

TEST_CASE("written-down derived keys: split, fold_in by number and by name, FNV-1a") {
  auto children = ppl::split(RandomKey(42), 3);
  REQUIRE(children.size() == 3);
  CHECK(children[0].bits() == 0xcb8aa4d7e46e6f84ULL);
  CHECK(children[1].bits() == 0x89ab2726d9cf931dULL);
  CHECK(children[2].bits() == 0x97fdbce0b7d5b503ULL);
  CHECK(ppl::fold_in(RandomKey(42), 7).bits() == 0xdd6452bc94f5081cULL);
  CHECK(ppl::fold_in(RandomKey(42), "mu").bits() == 0xfe1a1c20e02dce57ULL);
  // FNV-1a 64 of "" is its offset basis; of "mu" checked with a Python loop.
  CHECK(ppl::fnv1a_64("") == 0xcbf29ce484222325ULL);
  CHECK(ppl::fnv1a_64("mu") == 0x08a94f07b5503577ULL);
}

TEST_CASE("the same key gives the same numbers, a copied stream continues identically") {
  CHECK(first_words(RandomKey(7), 9) == first_words(RandomKey(7), 9));
  RandomStream stream(RandomKey(7));
  stream.uniform();
  stream.normal();
  RandomStream copy = stream;
  for (int i = 0; i < 5; ++i) {
    CHECK(stream.normal() == copy.normal());
    CHECK(stream.uniform() == copy.uniform());
  }
}

TEST_CASE("a stream started at a later block continues the draws of the stream at that block") {
  RandomStream from_start(RandomKey(3));
  for (int i = 0; i < 10; ++i) from_start.next_bits();  // five blocks of two words
  REQUIRE(from_start.next_block() == 5);
  RandomStream from_block_five(RandomKey(3), 5);
  for (int i = 0; i < 6; ++i) CHECK(from_start.next_bits() == from_block_five.next_bits());
}

TEST_CASE("split gives distinct keys whose streams differ from each other and from the parent") {
  RandomKey parent(2024);
  auto children = ppl::split(parent, 100);
  std::set<std::uint64_t> keys{parent.bits()};
  std::set<std::uint64_t> first_draws{first_words(parent, 1)[0]};
  for (const auto& child : children) {
    keys.insert(child.bits());
    first_draws.insert(first_words(child, 1)[0]);
  }
  CHECK(keys.size() == 101);
  CHECK(first_draws.size() == 101);
}

TEST_CASE("child i of split does not depend on how many children are asked for") {
  auto two = ppl::split(RandomKey(5), 2);
  auto five = ppl::split(RandomKey(5), 5);
  CHECK(two[0] == five[0]);
  CHECK(two[1] == five[1]);
  CHECK(ppl::split(RandomKey(5), 0).empty());
}

TEST_CASE("fold_in by name is deterministic and differs across names and from split and numbers") {
  RandomKey key(11);
  CHECK(ppl::fold_in(key, "theta") == ppl::fold_in(key, "theta"));
  CHECK(ppl::fold_in(key, "theta") != ppl::fold_in(key, "theta[1]"));
  CHECK(ppl::fold_in(key, "mu") != ppl::fold_in(key, "sigma"));
  CHECK(ppl::fold_in(key, "mu") != ppl::fold_in(RandomKey(12), "mu"));
  CHECK(ppl::fold_in(key, "mu") == ppl::fold_in(key, ppl::fnv1a_64("mu")));
  // fold_in(key, i) and split(key, n)[i] use different counters.
  CHECK(ppl::fold_in(key, 0) != ppl::split(key, 1)[0]);
  CHECK(ppl::fold_in(key, 0) != ppl::fold_in(key, 1));
}

TEST_CASE("draws from keys used on several threads equal the draws made on one thread") {
  auto keys = ppl::split(RandomKey(99), 8);
  std::vector<std::vector<std::uint64_t>> sequential;
  for (const auto& key : keys) sequential.push_back(first_words(key, 1000));
  std::vector<std::vector<std::uint64_t>> threaded(keys.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < keys.size(); ++i)
    threads.emplace_back([&, i] { threaded[i] = first_words(keys[i], 1000); });
  for (auto& thread : threads) thread.join();
  CHECK(threaded == sequential);
}

TEST_CASE("uniforms lie strictly inside (0, 1) and normals are finite, over a million draws") {
  RandomStream stream(RandomKey(1));
  double smallest = 1.0, largest = 0.0;
  for (int i = 0; i < 1'000'000; ++i) {
    double u = stream.uniform();
    smallest = std::min(smallest, u);
    largest = std::max(largest, u);
  }
  CHECK(smallest > 0.0);
  CHECK(largest < 1.0);
  bool all_finite = true;
  for (int i = 0; i < 1'000'000; ++i) all_finite = all_finite && std::isfinite(stream.normal());
  CHECK(all_finite);
}
