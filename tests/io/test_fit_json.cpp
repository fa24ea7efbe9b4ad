// FIT.json read back: draws per site and draw, params, and malformed files.
#include <doctest/doctest.h>

#include <stdexcept>

#include "io/fit_json.h"

using nlohmann::json;

TEST_CASE("draws are read per draw in file order, each with its site's shape") {
  json fit = json::parse(R"({"draws": {
      "mu": {"shape": [], "values": [0.5, 1.5, 2.5]},
      "theta": {"shape": [2], "values": [[1, 2], [3, 4], [5, 6]]}}})");
  std::vector<ppl::io::SiteValues> draws = ppl::io::read_fit_draws(fit);
  REQUIRE(draws.size() == 3);
  CHECK(draws[1].at("mu").item() == 1.5);
  CHECK(draws[2].at("theta").shape() == ppl::Shape{2});
  CHECK(draws[2].at("theta").values()[1] == 6);
  CHECK_FALSE(ppl::io::read_fit_params(fit));
}

TEST_CASE("params of an SVI fit keep their shapes") {
  json fit = json::parse(R"({"draws": {}, "params": {
      "W": {"shape": [2, 2], "value": [[1, 2], [3, 4]]}, "m": {"shape": [], "value": 5.1}}})");
  auto params = ppl::io::read_fit_params(fit);
  REQUIRE(params);
  CHECK(params->at("W").shape() == ppl::Shape{2, 2});
  CHECK(params->at("W").values()[2] == 3);
  CHECK(params->at("m").item() == 5.1);
}

TEST_CASE("malformed draws are named by site") {
  auto error_of = [](const char* text) {
    try {
      ppl::io::read_fit_draws(json::parse(text));
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(error_of(R"({"model": "m.ppl"})") ==
        "the posterior file has no \"draws\" section (write it with ppl fit --out)");
  CHECK(error_of(R"({"draws": {"mu": [[0.5]]}})") ==
        "the draws of 'mu' are not an object with \"shape\" and \"values\" as ppl fit --out "
        "writes them");
  CHECK(error_of(R"({"draws": {"a": {"shape": [], "values": [1, 2]},
                               "b": {"shape": [], "values": [1]}}})") ==
        "posterior site 'b' has 1 draws, others 2");
  CHECK(error_of(R"({"draws": {"a": {"shape": [2], "values": [[1, 2, 3]]}}})") ==
        "posterior site 'a': a draw has 3 values, its shape [2] needs 2");
  CHECK(error_of(R"({"draws": {"a": {"shape": [2], "values": [[1, [2]]]}}})") ==
        "posterior site 'a': it mixes numbers and arrays at the same level");
}
