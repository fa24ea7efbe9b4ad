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

TEST_CASE("draws_json nests the draws by chain, draw and the site's shape, and reads back") {
  io::SiteDraws site{"L", {2, 2}, {{{1, 2, 3, 4}}, {{5, 6, 7, 8}}}};
  nlohmann::json draws = io::draws_json({site});
  CHECK(draws["L"]["chains"] == 2);
  CHECK(draws["L"]["values"][1][0] == nlohmann::json::parse("[[5, 6], [7, 8]]"));
  // Older files: every chain's draws in one list.
  nlohmann::json flat = draws;
  flat["L"]["values"] = nlohmann::json::parse("[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]");
  const std::vector<io::SiteValues> old_layout = io::read_fit_draws({{"draws", flat}});
  REQUIRE(old_layout.size() == 2);
  CHECK(old_layout[1].at("L").values()[3] == 8);
  std::vector<io::SiteValues> back = io::read_fit_draws({{"draws", draws}});
  REQUIRE(back.size() == 2);
  CHECK(back[1].at("L").shape() == Shape{2, 2});
  CHECK(back[1].at("L").values()[2] == 7.0);
}

TEST_CASE("params_json nests each param's constrained value by its shape, with its constraint") {
  io::FittedParam scale{"auto_scale.theta", "positive", Array(Shape{2, 2}, {0.5, 1.5, 2.5, 3.5})};
  nlohmann::json params = io::params_json({scale});
  CHECK(params["auto_scale.theta"]["shape"] == nlohmann::json::array({2, 2}));
  CHECK(params["auto_scale.theta"]["constraint"] == "positive");
  CHECK(params["auto_scale.theta"]["value"] == nlohmann::json::parse("[[0.5, 1.5], [2.5, 3.5]]"));
  // And the reader of the same file gets the value back.
  std::optional<io::SiteValues> back = io::read_fit_params({{"params", params}});
  REQUIRE(back);
  CHECK(back->at("auto_scale.theta").values()[3] == 3.5);
}

TEST_CASE("loss_history_json keeps every loss up to 1000 steps, then every n/1000-th from the first") {
  nlohmann::json short_history = io::loss_history_json({3.0, 2.0, 1.0});
  CHECK(short_history["every"] == 1);
  CHECK(short_history["step"] == nlohmann::json::array({1, 2, 3}));
  CHECK(short_history["loss"] == nlohmann::json::array({3.0, 2.0, 1.0}));
  std::vector<double> losses(2500);
  for (size_t i = 0; i < losses.size(); ++i) losses[i] = static_cast<double>(i);
  nlohmann::json long_history = io::loss_history_json(losses);
  CHECK(long_history["every"] == 2);
  CHECK(long_history["step"].size() == 1250);
  CHECK(long_history["step"][1] == 3);
  CHECK(long_history["loss"][1] == 2.0);
}
