#pragma once
// einsum's subscripts as NumPy reads them: one term of letters per operand,
// separated by commas, '...' for broadcast axes, and an optional '->' with
// the output's term. Without '->' the output is every letter used exactly
// once, in alphabetical order (upper case first), after the broadcast axes.
// The checker and the run read subscripts through this one parser.
#include <string>
#include <string_view>
#include <vector>

namespace ppl::functions {

// Stands for '...' in a parsed term.
inline constexpr char kEllipsisLabel = '.';

struct EinsumSubscripts {
  std::vector<std::string> inputs;  // one term per operand
  std::string output;
  bool has_ellipsis() const;
};

// Throws Error with a sentence saying what is wrong.
EinsumSubscripts parse_einsum_subscripts(std::string_view text);
// The number of terms must be the number of operands.
void check_einsum_operand_count(const EinsumSubscripts& subscripts, size_t operands);
// The letters of a term (without '...'), and whether it has '...'.
size_t einsum_letter_count(const std::string& term);
bool einsum_term_has_ellipsis(const std::string& term);

}  // namespace ppl::functions
