// The one reader of JSON numbers and nested arrays.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>

#include "io/json_array.h"

using nlohmann::json;

namespace {

std::string error_of(const std::string& text) {
  try {
    ppl::io::array_from_json(json::parse(text), "value of 'x'");
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("numbers and rectangular arrays read row-major with their shape") {
  ppl::Array scalar = ppl::io::array_from_json(json::parse("2.5"), "x");
  CHECK(scalar.shape().rank() == 0);
  CHECK(scalar.item() == 2.5);
  ppl::Array matrix = ppl::io::array_from_json(json::parse("[[1, 2, 3], [4, 5, 6]]"), "x");
  CHECK(matrix.shape() == ppl::Shape{2, 3});
  CHECK(matrix.values()[4] == 5);
  ppl::Array empty = ppl::io::array_from_json(json::parse("[[], []]"), "x");
  CHECK(empty.shape() == ppl::Shape{2, 0});
  CHECK(empty.size() == 0);
}

TEST_CASE("CmdStan's strings for non-finite numbers are numbers") {
  ppl::Array a = ppl::io::array_from_json(json::parse(R"(["inf", "-inf", "NaN", 1])"), "x");
  CHECK(a.values()[0] == INFINITY);
  CHECK(a.values()[1] == -INFINITY);
  CHECK(std::isnan(a.values()[2]));
}

TEST_CASE("ragged arrays, mixed levels, strings, null and booleans are refused by name") {
  CHECK(error_of("[[1, 2], [3]]") == "value of 'x': its rows have different lengths");
  CHECK(error_of("[1, [2]]") == "value of 'x': it mixes numbers and arrays at the same level");
  CHECK(error_of(R"(["one"])") == "value of 'x': it holds the string \"one\", not a number");
  CHECK(error_of("[null]") == "value of 'x': it holds null, not a number");
  CHECK(error_of("[true, 1]") == "value of 'x': it holds true or false, not a number");
  std::string problem;
  auto read = ppl::io::read_json_array(json::parse("[true, 0]"), problem);
  REQUIRE(read);
  CHECK(read->saw_boolean);
  CHECK(read->values == std::vector<double>{1, 0});
}
