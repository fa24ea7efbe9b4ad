#pragma once
// Syntax errors in human words: ANTLR's own messages are replaced by
// "expected X, found Y" with the location, and unbalanced brackets are found
// before parsing so they are reported at the bracket, not where parsing fails.
#include <optional>
#include <string>
#include <vector>

#include "antlr4-runtime.h"
#include "core/diagnostic.h"

namespace ppl::frontend {

class SyntaxErrorListener : public antlr4::BaseErrorListener {
 public:
  explicit SyntaxErrorListener(std::string file) : file_(std::move(file)) {}
  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending_symbol, size_t line,
                   size_t char_position, const std::string& antlr_message,
                   std::exception_ptr error) override;
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::string file_;
  std::vector<Diagnostic> diagnostics_;
};

// The first unbalanced (, [ or { in the token stream, if any.
// A statement with more operators than the parser's recursion can safely
// nest (a chain of 17,000 unary minus signs would overflow its stack).
std::optional<Diagnostic> check_operator_chains(const std::vector<antlr4::Token*>& tokens,
                                                const std::string& file);

std::optional<Diagnostic> check_brackets(const std::vector<antlr4::Token*>& tokens,
                                         const std::string& file);

}  // namespace ppl::frontend
