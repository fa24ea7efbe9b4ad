// The one standard every fast path is held to (infer/fast_path.h).
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "infer/fast_path.h"

using ppl::infer::FastPathDecision;
using ppl::infer::same_gradient;
using ppl::infer::same_value;

TEST_CASE("values agree to 1e-9 relative to the plain way's magnitude; NaN and inf never do") {
  CHECK(same_value(1000.0 + 5e-7, 1000.0));        // 5e-7 <= 1e-9 * 1001
  CHECK_FALSE(same_value(1000.0 + 2e-6, 1000.0));  // 2e-6 >  1e-9 * 1001
  CHECK(same_value(5e-10, 0.0));
  CHECK_FALSE(same_value(2e-9, 0.0));
  CHECK_FALSE(same_value(std::nan(""), 1.0));
  CHECK_FALSE(same_value(std::numeric_limits<double>::infinity(), 1.0));
}

TEST_CASE("gradients agree to 1e-7 relative to the plain gradient's largest entry") {
  Eigen::VectorXd plain(3), fast(3);
  plain << 100.0, -2.0, 0.5;
  fast = plain;
  fast[1] += 5e-6;  // 5e-6 <= 1e-7 * 101
  CHECK(same_gradient(fast, plain));
  fast[1] += 1e-5;
  CHECK_FALSE(same_gradient(fast, plain));
  CHECK_FALSE(same_gradient(Eigen::VectorXd::Zero(2), plain));
  CHECK(same_gradient(Eigen::VectorXd(), Eigen::VectorXd()));
}

TEST_CASE("a fast path is on after its checks agree, off for good after one disagrees") {
  FastPathDecision replay(3);
  replay.record(true);
  replay.record(true);
  CHECK(replay.undecided());
  replay.record(true);
  CHECK(replay.on());
  replay.record(false);  // decided: later checks change nothing
  CHECK(replay.on());
  FastPathDecision scans;
  scans.record(false);
  CHECK(scans.off());
  scans.record(true);
  CHECK(scans.off());
  FastPathDecision none;
  none.rule_out();
  CHECK(none.off());
}
