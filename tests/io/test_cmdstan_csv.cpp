// CmdStan's CSV layout: column names, column-major element order, the
// sampler columns, and the comment blocks that stansummary and ArviZ read.
#include <doctest/doctest.h>

#include <sstream>

#include "io/cmdstan_csv.h"

using namespace ppl::io;

TEST_CASE("column names are 1-based and column-major, like Stan's") {
  CHECK(cmdstan_column_names({"mu", {}}) == std::vector<std::string>{"mu"});
  CHECK(cmdstan_column_names({"theta", {3}}) ==
        std::vector<std::string>{"theta.1", "theta.2", "theta.3"});
  CHECK(cmdstan_column_names({"L", {2, 3}}) ==
        std::vector<std::string>{"L.1.1", "L.2.1", "L.1.2", "L.2.2", "L.1.3", "L.2.3"});
  // Row-major offsets of those elements: (0,0)=0, (1,0)=3, (0,1)=1, ...
  CHECK(cmdstan_column_offsets({2, 3}) == std::vector<int64_t>{0, 3, 1, 4, 2, 5});
}

TEST_CASE("a chain is written with settings, sampler columns, adaptation, draws and timing") {
  CsvChain chain;
  chain.settings = {{"method", "sample"}, {"num_samples", "2"}, {"num_warmup", "10"}};
  chain.stats = {{-3.5, 0.9, 0.25, 3, 7, false, 4.0}, {-2.25, 0.5, 0.25, 2, 3, true, 3.0}};
  // mu, then L (2 x 2, row-major)
  chain.draw_values = {{1.5, 11, 12, 21, 22}, {-0.5, 1, 2, 3, 4}};
  chain.step_size = 0.25;
  chain.inverse_metric_diagonal = {1.0, 0.5, 2.0, 1.0, 1.0};
  chain.warmup_seconds = 0.5;
  chain.sampling_seconds = 0.25;
  std::ostringstream out;
  write_cmdstan_csv(out, {{"mu", {}}, {"L", {2, 2}}}, chain);
  CHECK(out.str() ==
        "# method = sample\n"
        "# num_samples = 2\n"
        "# num_warmup = 10\n"
        "# id = 1\n"
        "lp__,accept_stat__,stepsize__,treedepth__,n_leapfrog__,divergent__,energy__,mu,L.1.1,"
        "L.2.1,L.1.2,L.2.2\n"
        "# Adaptation terminated\n"
        "# Step size = 0.25\n"
        "# Diagonal elements of inverse mass matrix:\n"
        "# 1, 0.5, 2, 1, 1\n"
        "-3.5,0.9,0.25,3,7,0,4,1.5,11,21,12,22\n"
        "-2.25,0.5,0.25,2,3,1,3,-0.5,1,3,2,4\n"
        "# \n"
        "#  Elapsed Time: 0.5 seconds (Warm-up)\n"
        "#                0.25 seconds (Sampling)\n"
        "#                0.75 seconds (Total)\n"
        "# \n");
}
