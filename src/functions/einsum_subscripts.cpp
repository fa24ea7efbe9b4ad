#include "functions/einsum_subscripts.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "core/error.h"

namespace ppl::functions {
namespace {

bool is_label(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

// One term: letters and at most one '...'; spaces are ignored, as NumPy does.
std::string parse_term(std::string_view text, const char* which) {
  std::string term;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ') continue;
    if (c == '.') {
      if (text.substr(i, 3) != "...")
        throw Error(fmt::format("'.' in the {} must be part of '...'", which));
      if (term.find(kEllipsisLabel) != std::string::npos)
        throw Error(fmt::format("the {} has '...' twice", which));
      term.push_back(kEllipsisLabel);
      i += 2;
      continue;
    }
    if (!is_label(c))
      throw Error(fmt::format("'{}' is not a subscript: use letters a-z and A-Z", c));
    term.push_back(c);
  }
  return term;
}

}  // namespace

bool einsum_term_has_ellipsis(const std::string& term) {
  return term.find(kEllipsisLabel) != std::string::npos;
}

bool EinsumSubscripts::has_ellipsis() const {
  return std::any_of(inputs.begin(), inputs.end(), einsum_term_has_ellipsis);
}

size_t einsum_letter_count(const std::string& term) {
  return static_cast<size_t>(std::count_if(term.begin(), term.end(), is_label));
}

EinsumSubscripts parse_einsum_subscripts(std::string_view text) {
  EinsumSubscripts result;
  const size_t arrow = text.find("->");
  if (arrow != std::string_view::npos && text.find("->", arrow + 2) != std::string_view::npos)
    throw Error("the subscripts have '->' twice");
  std::string_view inputs = text.substr(0, arrow);
  if (inputs.find('>') != std::string_view::npos || inputs.find('-') != std::string_view::npos)
    throw Error("'-' and '>' belong together, as '->' before the output's subscripts");
  size_t start = 0;
  while (true) {
    const size_t comma = inputs.find(',', start);
    const std::string_view part = inputs.substr(start, comma - start);
    result.inputs.push_back(parse_term(
        part, fmt::format("subscripts of operand {}", result.inputs.size() + 1).c_str()));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  std::array<int, 256> uses{};
  for (const std::string& term : result.inputs)
    for (char c : term)
      if (is_label(c)) ++uses[static_cast<unsigned char>(c)];
  if (arrow != std::string_view::npos) {
    const std::string_view output = text.substr(arrow + 2);
    if (output.find(',') != std::string_view::npos)
      throw Error("the output after '->' is one term, without commas");
    result.output = parse_term(output, "output");
    for (char c : result.output) {
      if (c == kEllipsisLabel) continue;
      if (!uses[static_cast<unsigned char>(c)])
        throw Error(fmt::format("the output's subscript '{}' is in no operand's subscripts", c));
      if (std::count(result.output.begin(), result.output.end(), c) > 1)
        throw Error(fmt::format("the output has the subscript '{}' twice", c));
    }
    if (!result.has_ellipsis() && einsum_term_has_ellipsis(result.output))
      throw Error("the output has '...' but no operand has");
  } else {
    if (result.has_ellipsis()) result.output.push_back(kEllipsisLabel);
    for (int c = 0; c < 256; ++c)
      if (uses[c] == 1) result.output.push_back(static_cast<char>(c));
  }
  return result;
}

void check_einsum_operand_count(const EinsumSubscripts& subscripts, size_t operands) {
  if (subscripts.inputs.size() != operands)
    throw Error(fmt::format("the subscripts name {} operand{}, but {} {} given",
                            subscripts.inputs.size(), subscripts.inputs.size() == 1 ? "" : "s",
                            operands, operands == 1 ? "is" : "are"));
}

}  // namespace ppl::functions
