#include "core/error.h"
#include "frontend/parse.h"

#include <algorithm>
#include <cstdint>

#include "PplLexer.h"
#include "PplParser.h"
#include "antlr4-runtime.h"
#include "frontend/ast_builder.h"
#include "frontend/messages.h"
#include "frontend/syntax_errors.h"

namespace ppl::frontend {

namespace {

// The offset of the first byte that does not belong to a well-formed UTF-8
// sequence (overlong forms, surrogates and code points past U+10FFFF
// included), or npos.
size_t first_invalid_utf8(const std::string& text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    unsigned char b = bytes[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    size_t length;
    uint32_t code;
    if ((b & 0xE0) == 0xC0) length = 2, code = b & 0x1F;
    else if ((b & 0xF0) == 0xE0) length = 3, code = b & 0x0F;
    else if ((b & 0xF8) == 0xF0) length = 4, code = b & 0x07;
    else return i;
    if (i + length > n) return i;
    for (size_t k = 1; k < length; ++k) {
      if ((bytes[i + k] & 0xC0) != 0x80) return i;
      code = (code << 6) | (bytes[i + k] & 0x3F);
    }
    static const uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < smallest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return i;
    i += length;
  }
  return std::string::npos;
}

}  // namespace

ast::Program parse_program(const SourceText& source, int source_index) {
  // ANTLR decodes the text as UTF-8 and aborts on a malformed byte.
  if (size_t bad = first_invalid_utf8(source.text()); bad != std::string::npos) {
    SourceLocation at;
    at.source = source_index;
    at.line = 1 + static_cast<int>(std::count(source.text().begin(), source.text().begin() + bad, '\n'));
    size_t line_start = source.text().rfind('\n', bad == 0 ? 0 : bad - 1);
    line_start = line_start == std::string::npos || bad == 0 ? 0 : line_start + 1;
    at.column = 1 + static_cast<int>(bad - line_start);
    throw Error({messages::invalid_utf8(source.file_name(), at,
                                                  static_cast<unsigned char>(source.text()[bad]))});
  }
  antlr4::ANTLRInputStream input(source.text());
  grammar::PplLexer lexer(&input);
  SyntaxErrorListener listener(source.file_name());
  lexer.removeErrorListeners();
  lexer.addErrorListener(&listener);
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();

  if (auto bracket_error = check_brackets(tokens.getTokens(), source.file_name()))
    throw Error({*bracket_error});
  if (auto chain_error = check_operator_chains(tokens.getTokens(), source.file_name()))
    throw Error({*chain_error});

  grammar::PplParser parser(&tokens);
  parser.removeErrorListeners();
  parser.addErrorListener(&listener);
  grammar::PplParser::ProgramContext* tree = parser.program();
  if (!listener.diagnostics().empty()) throw Error(listener.diagnostics());

  std::vector<Diagnostic> diagnostics;
  ast::Program program = build_ast(tree, source.file_name(), diagnostics, source_index);
  if (!diagnostics.empty()) throw Error(std::move(diagnostics));
  return program;
}

}  // namespace ppl::frontend
