// Summaries per site and element, as FIT.json holds them, and draws nested by shape.
#include <doctest/doctest.h>

#include <cmath>

#include "infer/diagnostics/draws_summary.h"
#include "io/fit_json.h"

using namespace ppl::infer;
namespace io = ppl::io;

TEST_CASE("each element of a site is summarized with its index") {
  // theta has shape [2]; two chains of four draws.
  SiteDraws theta{"theta", {2}, {{{1, 10}, {2, 20}, {3, 30}, {4, 40}}, {{5, 50}, {6, 60}, {7, 70}, {8, 80}}}};
  std::vector<io::SiteSummary> s = summarize_sites({theta});
  REQUIRE(s.size() == 1);
  const io::ElementSummary& second = s[0].elements[1];
  CHECK(second.index == std::vector<int64_t>{1});
  CHECK(second.mean == doctest::Approx(45));
  CHECK(second.median == doctest::Approx(45));
  CHECK(second.sd == doctest::Approx(24.49489742783178));  // sd of 10..80
  CHECK(second.q5 == doctest::Approx(13.5));
  CHECK(second.q95 == doctest::Approx(76.5));
  CHECK(std::isfinite(second.r_hat));
  CHECK(s[0].shape == std::vector<int64_t>{2});
}

TEST_CASE("the worst R-hat and the lowest bulk ESS, over every element; NaN counts for neither") {
  const double nan = std::nan("");
  std::vector<io::SiteSummary> summary{
      {"mu", {}, {{{}, 0, 1, 0, -1.6, 1.6, 812, 700, 1.002, 0.01}}},
      {"tau", {2}, {{{0}, 1, 1, 1, 0.1, 3, 50, 40, 1.05, 0.1}, {{1}, 1, 1, 1, 0.1, 3, nan, nan, nan, nan}}}};
  const ConvergenceExtremes extremes = convergence_extremes(summary);
  CHECK(extremes.worst_r_hat == 1.05);
  CHECK(extremes.worst_r_hat_site == "tau");
  CHECK(extremes.lowest_ess_bulk == 50);
}

TEST_CASE("guide draws carry no MCMC diagnostics; undefined values are null") {
  SiteDraws constant{"c", {}, {{{3}, {3}, {3}}}};
  std::vector<io::SiteSummary> summary = summarize_sites({constant});
  nlohmann::json s = io::summary_json(summary, true);
  CHECK(s["c"]["elements"][0]["mean"].get<double>() == 3);
  CHECK(s["c"]["elements"][0]["r_hat"].is_null());
  nlohmann::json plain = io::summary_json(summary, false);
  CHECK_FALSE(plain["c"]["elements"][0].contains("r_hat"));
  // An undefined R-hat is no evidence of disagreement.
  CHECK(convergence_extremes(summary).worst_r_hat == 0);
}

TEST_CASE("draws are nested by chain, draw and the site's shape") {
  SiteDraws L{"L", {2, 2}, {{{1, 2, 3, 4}}, {{5, 6, 7, 8}}}};
  nlohmann::json d = io::draws_json({L});
  CHECK(d["L"]["values"][0][0] == nlohmann::json::parse("[[1, 2], [3, 4]]"));
  CHECK(d["L"]["values"][1][0] == nlohmann::json::parse("[[5, 6], [7, 8]]"));
  CHECK(d["L"]["chains"] == 2);
}
