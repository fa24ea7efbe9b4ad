// Summaries per site and element, and draws nested by shape.
#include <doctest/doctest.h>

#include "infer/diagnostics/draws_summary.h"

using namespace ppl::infer;

TEST_CASE("each element of a site is summarized with its index") {
  // theta has shape [2]; two chains of four draws.
  SiteDraws theta{"theta", {2}, {{{1, 10}, {2, 20}, {3, 30}, {4, 40}}, {{5, 50}, {6, 60}, {7, 70}, {8, 80}}}};
  nlohmann::json s = summarize_sites({theta}, true);
  const auto& second = s["theta"]["elements"][1];
  CHECK(second["index"] == nlohmann::json::array({1}));
  CHECK(second["mean"].get<double>() == doctest::Approx(45));
  CHECK(second["median"].get<double>() == doctest::Approx(45));
  CHECK(second["sd"].get<double>() == doctest::Approx(24.49489742783178));  // sd of 10..80
  CHECK(second["q5"].get<double>() == doctest::Approx(13.5));
  CHECK(second["q95"].get<double>() == doctest::Approx(76.5));
  CHECK(second.contains("r_hat"));
  CHECK(s["theta"]["shape"] == nlohmann::json::array({2}));
}

TEST_CASE("guide draws carry no MCMC diagnostics; undefined values are null") {
  SiteDraws constant{"c", {}, {{{3}, {3}, {3}}}};
  nlohmann::json s = summarize_sites({constant}, true);
  CHECK(s["c"]["elements"][0]["mean"].get<double>() == 3);
  CHECK(s["c"]["elements"][0]["r_hat"].is_null());
  nlohmann::json plain = summarize_sites({constant}, false);
  CHECK_FALSE(plain["c"]["elements"][0].contains("r_hat"));
}

TEST_CASE("draws are nested by the site's shape, chains one after another") {
  SiteDraws L{"L", {2, 2}, {{{1, 2, 3, 4}}, {{5, 6, 7, 8}}}};
  nlohmann::json d = draws_json({L});
  CHECK(d["L"]["values"][0] == nlohmann::json::parse("[[1, 2], [3, 4]]"));
  CHECK(d["L"]["values"][1] == nlohmann::json::parse("[[5, 6], [7, 8]]"));
  CHECK(d["L"]["chains"] == 2);
}
