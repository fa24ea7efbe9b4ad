// Each message of the run's catalogue (src/runtime/run_messages.h) that a
// program can reach: its id, its place and its sentence, from a program that
// passes the checks and fails while it runs.
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

}  // namespace

TEST_CASE("run-time messages carry their catalogue id, place and sentence") {
  for (const RunCase& c : kCases) {
    SUBCASE(c.id) {
      auto p = test::load(c.source, c.data);
      ad::Tape tape;
      bool thrown = false;
      try {
        test::run_traced(p, tape, 1);
      } catch (const Error& error) {
        thrown = true;
        CHECK(error.id() == c.id);
        REQUIRE(error.place().has_value());
        CHECK(error.place()->location.line == c.line);
        CHECK(error.place()->location.column == c.column);
        CHECK(error.message().find(c.text) != std::string::npos);
        INFO(error.what());
      }
      CHECK(thrown);
    }
  }
}
