// Data JSON against data declarations: shapes, types, optional entries, messages.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>

#include "core/error.h"
#include "io/data_json.h"

namespace {

using ppl::ir::DataEntry;
using ppl::ir::ElementType;

// data { N: int  y: real[N]?  X: real[N, 2]  flags: bool[N] }
std::vector<DataEntry> declarations() {
  std::vector<DataEntry> d(4);
  d[0] = {"N", ElementType::Int, {}, false};
  d[1] = {"y", ElementType::Real, {{-1, 0}}, true};
  d[2] = {"X", ElementType::Real, {{-1, 0}, {2, -1}}, false};
  d[3] = {"flags", ElementType::Bool, {{-1, 0}}, false};
  return d;
}

std::string error_of(const std::string& json) {
  try {
    ppl::io::load_data_json(json, declarations(), "d.json");
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a data error names the file in its diagnostic, with the message's id") {
  const char* cases[][2] = {{"{", "data_not_json"},
                            {"[1, 2]", "data_not_object"},
                            {R"({"N": 1, "N": 2})", "data_entry_repeated"},
                            {R"({"N": 1.5, "X": [[1, 2]], "flags": [0]})", "data_mismatch"}};
  for (const auto& [json, id] : cases) {
    INFO(json);
    try {
      ppl::io::load_data_json(json, declarations(), "d.json");
      FAIL("no error");
    } catch (const ppl::Error& error) {
      CHECK(error.id() == id);
      CHECK(error.diagnostics().front().file == "d.json");
      CHECK(std::string(error.what()) == "d.json: " + error.message());
    }
  }
}

TEST_CASE("a matching data file loads row-major values with their shapes") {
  auto loaded = ppl::io::load_data_json(
      R"({"N": 3, "y": [1.5, 2, -3], "X": [[1, 2], [3, 4], [5, 6]], "flags": [true, false, 1],
          "unused": "ignored"})",
      declarations(), "d.json");
  REQUIRE(loaded.entries.size() == 4);
  CHECK(loaded.entries[0]->shape.empty());
  CHECK(loaded.entries[0]->values == std::vector<double>{3});
  CHECK(loaded.entries[1]->values == std::vector<double>{1.5, 2, -3});
  CHECK(loaded.entries[2]->shape == std::vector<int64_t>{3, 2});
  CHECK(loaded.entries[2]->values == std::vector<double>{1, 2, 3, 4, 5, 6});
  CHECK(loaded.entries[3]->values == std::vector<double>{1, 0, 1});
}

TEST_CASE("an optional entry may be absent; a required one may not") {
  auto loaded = ppl::io::load_data_json(R"({"N": 1, "X": [[1, 2]], "flags": [0]})",
                                        declarations(), "d.json");
  CHECK_FALSE(loaded.entries[1].has_value());
  CHECK(error_of(R"({"N": 1, "flags": [0]})") ==
        "d.json: the data do not match the data block:\n"
        "  data entry 'X': missing; it is declared as real[N = 1, 2] (mark it optional with '?' "
        "if it may be absent)");
}

TEST_CASE("wrong shapes name the entry, the declared and the actual shape") {
  CHECK(error_of(R"({"N": 3, "y": [1, 2], "X": [[1, 2], [3, 4], [5, 6]], "flags": [1, 1, 1]})") ==
        "d.json: the data do not match the data block:\n"
        "  data entry 'y': declared as real[N = 3], but the data has shape [2]");
  CHECK(error_of(R"({"N": 2, "X": [[1, 2, 3], [4, 5, 6]], "flags": [1, 1]})") ==
        "d.json: the data do not match the data block:\n"
        "  data entry 'X': declared as real[N = 2, 2], but the data has shape [2, 3]");
  CHECK(error_of(R"({"N": 2, "X": [[1, 2], [3]], "flags": [1, 1]})") ==
        "d.json: the data do not match the data block:\n"
        "  data entry 'X': its rows have different lengths");
}

TEST_CASE("types are checked: integers, booleans, numbers") {
  CHECK(error_of(R"({"N": 2.5, "X": [], "flags": []})").find(
            "data entry 'N': declared int, but it holds the non-integer 2.5") != std::string::npos);
  CHECK(error_of(R"({"N": 1, "X": [[1, 2]], "flags": [2]})").find(
            "data entry 'flags': declared bool, but it holds 2") != std::string::npos);
  CHECK(error_of(R"({"N": 1, "X": [[1, "a"]], "flags": [1]})").find(
            "data entry 'X': it holds the string \"a\", not a number") != std::string::npos);
  CHECK(error_of(R"({"N": -1, "X": [], "flags": []})").find(
            "data entry 'X': declared as real[N = -1, 2], and a size cannot be negative") !=
        std::string::npos);
}

TEST_CASE("booleans only for bool entries, integers within 2^53, every name once") {
  CHECK(error_of(R"({"N": true, "X": [], "flags": []})").find(
            "data entry 'N': declared int, but it holds true or false") != std::string::npos);
  CHECK(error_of(R"({"N": 1, "X": [[1, false]], "flags": [1]})").find(
            "data entry 'X': declared real, but it holds true or false") != std::string::npos);
  CHECK(error_of(R"({"N": 9223372036854775808, "X": [], "flags": []})").find(
            "data entry 'N': declared int, but 9.223372036854776e+18 is larger than the largest "
            "exact integer, 2^53") != std::string::npos);
  CHECK(error_of(R"({"N": 1e20, "X": [], "flags": []})").find("larger than the largest exact integer") !=
        std::string::npos);
  CHECK(error_of(R"({"N": 1, "N": 2, "X": [[1, 2]], "flags": [1]})") ==
        "d.json: the entry 'N' is given twice; JSON would keep only the last");
  CHECK(error_of(R"({"N": 1, "X": [[1, 1e309]], "flags": [1]})").find("d.json: not valid JSON") == 0);
  // A missing size is named without a made-up value.
  CHECK(error_of(R"({"X": [1, 2], "flags": [1]})").find("declared as real[N, 2], but the data has shape [2]") !=
        std::string::npos);
}

TEST_CASE("every problem is reported at once, and bad JSON is reported with its place") {
  std::string all = error_of(R"({"N": 2, "y": [1], "X": [[1, 2]], "flags": [1, 1]})");
  CHECK(all.find("data entry 'y'") != std::string::npos);
  CHECK(all.find("data entry 'X'") != std::string::npos);
  CHECK(error_of("{\"N\": 2,").find("d.json: not valid JSON") == 0);
  CHECK(error_of("[1, 2]") == "d.json: the data must be a JSON object of named entries");
}

TEST_CASE("CmdStan conventions: non-finite numbers as strings, a bare number for a [1] array") {
  std::vector<DataEntry> d{{"v", ElementType::Real, {{1, -1}}, false},
                           {"w", ElementType::Real, {{2, -1}}, false}};
  auto loaded = ppl::io::load_data_json(R"({"v": 4.5, "w": ["inf", "-inf"]})", d, "d.json");
  CHECK(loaded.entries[0]->shape == std::vector<int64_t>{1});
  CHECK(std::isinf(loaded.entries[1]->values[0]));
  CHECK(loaded.entries[1]->values[1] < 0);
}
