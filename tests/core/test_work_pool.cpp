// WorkPool: every index of a task runs once whatever the number of threads,
// and the exception of the lowest failing index is the one rethrown.
#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/work_pool.h"

using namespace ppl;

TEST_CASE("a work pool runs each index of each task once") {
  for (int threads : {1, 2, 5}) {
    CAPTURE(threads);
    WorkPool pool(threads);
    CHECK(pool.threads() == threads);
    for (int task = 0; task < 50; ++task) {
      std::vector<std::atomic<int>> runs(37);
      pool.run(37, [&](int k) { ++runs[k]; });
      for (const std::atomic<int>& r : runs) CHECK(r.load() == 1);
    }
    pool.run(0, [](int) { FAIL("no index to run"); });
  }
}

TEST_CASE("a work pool's tasks of changing sizes never share an index") {
  WorkPool pool(3);
  for (int task = 0; task < 2000; ++task) {
    const int count = task % 3 == 0 ? 37 : 2;
    std::vector<std::atomic<int>> runs(count);
    pool.run(count, [&](int k) { ++runs[k]; });
    for (const std::atomic<int>& r : runs) REQUIRE(r.load() == 1);
  }
}

TEST_CASE("a work pool rethrows the exception of the lowest failing index") {
  for (int threads : {1, 3}) {
    WorkPool pool(threads);
    std::atomic<int> runs{0};
    CHECK_THROWS_WITH_AS(pool.run(20,
                                  [&](int k) {
                                    ++runs;
                                    if (k == 7 || k == 15) throw std::runtime_error("index " + std::to_string(k));
                                  }),
                         "index 7", std::runtime_error);
    CHECK(runs.load() == 20);  // the others still ran
    pool.run(4, [](int) {});  // and the pool goes on
  }
}
