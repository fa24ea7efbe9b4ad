// Each message of the run's catalogue (src/runtime/run_messages.h) that a
// program can reach: its id, its place and its sentence, from a program that
// passes the checks and fails while it runs.
#include <optional>

#include "runtime_test_support.h"

using namespace ppl;

namespace {

struct RunCase {
  const char* id;
  const char* source;
  const char* data;
  int line;
  int column;
  const char* text;  // a part of the message
};

const RunCase kCases[] = {
    {"not_an_integer",
     "data {\n  n: real\n}\nmodel {\n  plate i in n {\n    x ~ Normal(0, 1)\n  }\n}\n",
     R"({"n": 2.5})", 5, 14, "a plate size must be an integer, got 2.5"},
    {"negative_plate_size",
     "data {\n  n: int\n}\nmodel {\n  plate i in n {\n    x ~ Normal(0, 1)\n  }\n}\n",
     R"({"n": -2})", 5, 3, "plate 'i' has a negative size -2"},
    {"if_condition_not_single",
     "model {\n  let c = [1.0, 0.0]\n  if c {\n    x ~ Normal(0, 1)\n  }\n}\n", "{}", 3, 3,
     "the condition of 'if' must be a single value, got shape [2]"},
    {"data_index_out_of_range",
     "data {\n  y: real[3]\n}\nmodel {\n  for t in 0:4 {\n    y[t] ~ Normal(0, 1)\n  }\n}\n",
     R"({"y": [1, 2, 3]})", 6, 7, "index 3 is out of range for data entry 'y' of shape [3]"},
    {"arguments_out_of_domain", "model {\n  x ~ Normal(0, -1.0)\n}\n", "{}", 2, 7,
     "Normal: scale must be positive"},
    {"builtin_failed",
     "data {\n  n: int\n}\nmodel {\n  deterministic z = zeros([n]) @ zeros([3])\n  let w = "
     "cholesky(zeros([n, 2]))\n}\n",
     R"({"n": 3})", 6, 11, "cholesky: "},
    {"index_failed", "data {\n  v: real[3]\n  i: int\n}\nmodel {\n  deterministic z = v[i]\n}\n",
     R"({"v": [1, 2, 3], "i": 7})", 6, 21, "index 7 is out of range"},
    {"for_loop_too_long",
     "data {\n  n: int\n}\nmodel {\n  for t in 0:n {\n    factor f = 0.0\n  }\n}\n",
     R"({"n": 2000000})", 5, 3, "this for loop runs 2000000 iterations"},
};

// The error a traced run of `p` throws; nullopt when it runs through.
std::optional<Error> run_error(const test::LoadedProgram& p) {
  ad::Tape tape;
  try {
    test::run_traced(p, tape, 1);
  } catch (const Error& error) {
    return error;
  }
  return std::nullopt;
}

}  // namespace

TEST_CASE("run-time messages carry their catalogue id, place and sentence") {
  for (const RunCase& c : kCases) {
    SUBCASE(c.id) {
      const std::optional<Error> error = run_error(test::load(c.source, c.data));
      REQUIRE(error.has_value());
      INFO(error->what());
      CHECK(error->id() == c.id);
      REQUIRE(error->place().has_value());
      CHECK(error->place()->location.line == c.line);
      CHECK(error->place()->location.column == c.column);
      CHECK(error->message().find(c.text) != std::string::npos);
    }
  }
}

TEST_CASE("a chosen minibatch replaces the plate's random one; a bad one is named") {
  auto p = test::load(
      "model {\n  plate rows in 6 subsample 2 as idx {\n    deterministic row = idx * 1.0\n  "
      "}\n}\n");
  p.data.chosen_minibatches["rows"] = {4, 1};
  ad::Tape tape;
  const Array rows = test::run_traced(p, tape, 1).site("row").value().value();
  CHECK(rows.values()[0] == 4);
  CHECK(rows.values()[1] == 1);
  const std::pair<std::vector<int64_t>, const char*> bad[] = {
      {{1, 2, 3}, "3 indices given, the plate subsamples 2"},
      {{1, 6}, "index 6 is outside 0..5"},
      {{2, 2}, "index 2 is given twice"}};
  for (const auto& [chosen, text] : bad) {
    CAPTURE(text);
    p.data.chosen_minibatches["rows"] = chosen;
    const std::optional<Error> error = run_error(p);
    REQUIRE(error.has_value());
    CHECK(error->id() == "bad_chosen_minibatch");
    CHECK(error->message() ==
          std::string("the minibatch chosen for plate 'rows' (--subsample): ") + text);
  }
}
