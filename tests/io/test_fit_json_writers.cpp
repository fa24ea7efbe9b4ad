// The summary and draws sections of FIT.json, as io/fit_json writes them,
// and read back by the reader of the same file.
#include <doctest/doctest.h>

#include <cmath>

#include "io/fit_json.h"

using namespace ppl;

TEST_CASE("summary_json writes each element, NaN as null, diagnostics only when asked") {
  const double nan = std::nan("");
  std::vector<io::SiteSummary> summary{
      {"theta", {2}, {{{0}, 1.5, 0.25, 1.4, 1.1, 1.9, 812.0, 700.0, 1.002, 0.01},
                      {{1}, -2.0, 0.5, -2.1, -2.8, -1.2, nan, nan, nan, nan}}}};
  nlohmann::json with = io::summary_json(summary, true);
  CHECK(with["theta"]["shape"] == nlohmann::json::array({2}));
  CHECK(with["theta"]["elements"][0]["index"] == nlohmann::json::array({0}));
  CHECK(with["theta"]["elements"][0]["mean"].get<double>() == 1.5);
  CHECK(with["theta"]["elements"][0]["q95"].get<double>() == 1.9);
  CHECK(with["theta"]["elements"][0]["r_hat"].get<double>() == 1.002);
  CHECK(with["theta"]["elements"][1]["ess_bulk"].is_null());
  nlohmann::json without = io::summary_json(summary, false);
  CHECK_FALSE(without["theta"]["elements"][0].contains("r_hat"));
  CHECK(without["theta"]["elements"][1]["sd"].get<double>() == 0.5);
}

TEST_CASE("draws_json nests each draw by the site's shape, chain after chain, and reads back") {
  io::SiteDraws site{"L", {2, 2}, {{{1, 2, 3, 4}}, {{5, 6, 7, 8}}}};
  nlohmann::json draws = io::draws_json({site});
  CHECK(draws["L"]["chains"] == 2);
  CHECK(draws["L"]["values"][1] == nlohmann::json::parse("[[5, 6], [7, 8]]"));
  std::vector<io::SiteValues> back = io::read_fit_draws({{"draws", draws}});
  REQUIRE(back.size() == 2);
  CHECK(back[1].at("L").shape() == Shape{2, 2});
  CHECK(back[1].at("L").values()[2] == 7.0);
}
