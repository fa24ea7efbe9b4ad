// docs/language.md documents every keyword of the grammar and every entry of
// the catalogue, so the reference cannot fall behind the language.
#include <doctest/doctest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "ir/catalog.h"

namespace {

std::string read(const std::string& relative) {
  std::ifstream in(std::string(PPL_SOURCE_DIR) + "/" + relative);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool documented(const std::string& reference, const std::string& name) {
  return reference.find("`" + name) != std::string::npos ||
         reference.find(" " + name + " ") != std::string::npos ||
         reference.find(" " + name + ",") != std::string::npos ||
         reference.find(" " + name + "(") != std::string::npos;
}

}  // namespace

TEST_CASE("every keyword of the grammar is documented") {
  std::string grammar = read("grammar/Ppl.g4");
  std::string reference = read("docs/language.md");
  std::regex keyword_rule(R"(\n[A-Z_]+\s*:\s*'([a-z_]+)';)");
  int keywords = 0;
  for (std::sregex_iterator it(grammar.begin(), grammar.end(), keyword_rule), end; it != end; ++it) {
    std::string word = (*it)[1];
    CAPTURE(word);
    CHECK(documented(reference, word));
    ++keywords;
  }
  CHECK(keywords == 27);
}

TEST_CASE("every distribution, function, constraint, transform and method is documented") {
  std::string reference = read("docs/language.md");
  for (const auto& d : ppl::ir::distributions()) {
    CAPTURE(d.name);
    CHECK(reference.find("| `" + d.name + "` |") != std::string::npos);
  }
  for (const auto& f : ppl::ir::functions()) {
    CAPTURE(f.name);
    CHECK(reference.find("`" + f.name + "(") != std::string::npos);
  }
  for (const auto& c : ppl::ir::constraints()) {
    CAPTURE(c.name);
    CHECK(reference.find("`" + c.name) != std::string::npos);
  }
  for (const auto& t : ppl::ir::transforms()) {
    CAPTURE(t.name);
    CHECK(reference.find("`" + t.name + "(") != std::string::npos);
  }
  for (const auto& m : ppl::ir::distribution_methods()) {
    CAPTURE(m.name);
    CHECK(reference.find("`d." + m.name + "(") != std::string::npos);
  }
}
