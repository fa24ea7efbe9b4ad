// Malformed programs: each must give exactly this message at this place.
#include "frontend_test_support.h"

using ppl::test::ExpectedError;

static const ExpectedError syntax_cases[] = {
    {"unclosed_paren_reported_at_the_paren",
     "model {\n  x ~ Normal(0, 1\n}\n", 3, 1,
     "expected ')' to close '(' opened at 2:13, found '}'"},
    {"unclosed_brace_at_end_of_file",
     "model {\n  x ~ Normal(0, 1)\n", 1, 7, "'{' is never closed"},
    {"extra_closing_paren_inside_block",
     "model {\n  x ~ Normal(0, 1))\n}\n", 2, 19,
     "expected '}' to close '{' opened at 1:7, found ')'"},
    {"closing_bracket_without_opening",
     "model {\n}\n)\n", 3, 1, "unmatched ')': nothing before it is open"},
    {"bracket_kinds_crossed",
     "model {\n  let a = [1, 2)\n}\n", 2, 16,
     "expected ']' to close '[' opened at 2:11, found ')'"},
    {"unexpected_character",
     "model {\n  x ~ Normal(0, 1) $\n}\n", 2, 20, "unexpected character '$'"},
    {"string_without_closing_quote",
     "model {\n  let c = einsum(\"ij->j, x)\n}\n", 2, 18,
     "this string has no closing quote on its line"},
    {"byte_that_is_not_utf8_in_a_comment",
     "model {\n x ~ Normal(0, 1) # caf\xe9\n}\n", 2, 24,
     "the file is not valid UTF-8: byte 0xE9 here does not start or continue a character"},
    {"truncated_utf8_sequence_at_the_end",
     "model {\n}\n# \xc3", 3, 3,
     "the file is not valid UTF-8: byte 0xC3 here does not start or continue a character"},
    {"overlong_utf8_encoding",
     "model {\n  # \xc0\xaf\n}\n", 2, 5,
     "the file is not valid UTF-8: byte 0xC0 here does not start or continue a character"},
    {"missing_distribution_after_tilde",
     "model {\n  x ~\n}\n", 3, 1, "expected an expression, found '}'"},
    {"missing_value_after_let",
     "model {\n  let a =\n}\n", 3, 1, "expected an expression, found '}'"},
    {"statement_outside_block",
     "x ~ Normal(0, 1)\n", 1, 1,
     "expected 'data', 'model', 'guide', 'fn' or the end of the file, found the name 'x'"},
    {"keyword_used_as_name",
     "model {\n  let in = 3\n}\n", 2, 7, "expected a name, found the keyword 'in'"},
    {"obs_after_let",
     "model {\n  let a = 1 obs 2\n}\n", 2, 13,
     "expected a statement or '}', found the keyword 'obs'"},
    {"double_star_is_not_power",
     "model {\n  let a = 2 ** 3\n}\n", 2, 14, "expected an expression, found '*'"},
    {"plate_without_in",
     "data { N: int }\nmodel {\n  plate i N {\n  }\n}\n", 3, 11,
     "expected 'in', found the name 'N'"},
    {"scan_without_range",
     "model {\n  scan t in 5 {\n  }\n}\n", 2, 15, "expected ':', found '{'"},
    {"param_without_initial_value",
     "guide {\n  param a: positive\n}\n", 3, 1, "expected '=', found '}'"},
    {"fn_without_parameter_list",
     "fn f {\n  return 1\n}\nmodel {}\n", 1, 6, "expected '(', found '{'"},
    {"data_declaration_without_type",
     "data {\n  N\n}\nmodel {}\n", 3, 1, "expected ':', found '}'"},
    {"else_without_if",
     "model {\n  else {\n  }\n}\n", 2, 3,
     "expected a statement or '}', found the keyword 'else'"},
    {"second_model_block",
     "model {\n}\nmodel {\n}\n", 3, 1,
     "a second 'model' block; a file has at most one, the first is at 1:1"},
    {"empty_file", "", 0, 0, "the file has no model and no guide block"},
};

TEST_CASE("syntax errors give one message at the offending place") {
  for (const ExpectedError& c : syntax_cases) {
    SUBCASE(c.behaviour) { ppl::test::check_first_error(c); }
  }
}

TEST_CASE("operator chains longer than the limit are refused before parsing") {
  // 17,000 unary minus signs, ^ chains and index chains would nest the
  // parser's recursion as deep as they are long.
  for (const std::string& op : {std::string("-"), std::string("not "), std::string("+")}) {
    std::string chain;
    for (int i = 0; i < 17000; ++i) chain += op;
    auto compiled = ppl::test::compile("model {\n  let a = " + chain + "1.0\n}\n");
    REQUIRE_FALSE(compiled.ok());
    CHECK(compiled.diagnostics.front().message == "more than 1000 operators in one statement here");
    CHECK(compiled.diagnostics.front().location.line == 2);
  }
  std::string power = "1.0", index = "x", method = "Normal(0, 1)";
  for (int i = 0; i < 1500; ++i) power += " ^ 1.0", index += "[0]", method += ".to_event(0)";
  for (const std::string& e : {power, index, method}) {
    auto compiled = ppl::test::compile("model {\n  let x = zeros([2])\n  let a = " + e + "\n}\n");
    REQUIRE_FALSE(compiled.ok());
    CHECK(compiled.diagnostics.front().message == "more than 1000 operators in one statement here");
  }
  // Many statements of a few operators each are fine.
  std::string many = "model {\n";
  for (int i = 0; i < 600; ++i) many += "  let a" + std::to_string(i) + " = -1.0 + 2.0 * 3.0\n";
  CHECK(ppl::test::compile(many + "}\n").ok());
}

TEST_CASE("brackets nested deeper than the limit are refused before parsing") {
  std::string source = "model {\n  let a = " + std::string(300, '(') + "1" + std::string(300, ')') +
                       "\n}\n";
  // The block's '{' is depth 1, so the 256th '(' opens depth 257.
  ppl::test::check_first_error({"deeply_nested_brackets", source.c_str(), 2, 266,
                                "brackets are nested more than 256 deep here"});
}

TEST_CASE("only the first syntax error is reported") {
  auto compiled = ppl::test::compile("model {\n  let a = \n  let b = \n}\n");
  REQUIRE(compiled.diagnostics.size() == 1);
}

TEST_CASE("a syntax error is rendered with the source line and a caret") {
  auto compiled = ppl::test::compile("model {\n  x ~ Normal(0, 1) $\n}\n");
  CHECK(compiled.rendered_diagnostics() ==
        "test.ppl:2:20: error: unexpected character '$'\n"
        " 2 |   x ~ Normal(0, 1) $\n"
        "   |                    ^\n");
}
