#include "frontend/parse.h"

#include "PplLexer.h"
#include "PplParser.h"
#include "antlr4-runtime.h"
#include "frontend/ast_builder.h"
#include "frontend/syntax_errors.h"

namespace ppl::frontend {

ast::Program parse_program(const SourceText& source, int source_index) {
  antlr4::ANTLRInputStream input(source.text());
  grammar::PplLexer lexer(&input);
  SyntaxErrorListener listener(source.file_name());
  lexer.removeErrorListeners();
  lexer.addErrorListener(&listener);
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();

  if (auto bracket_error = check_brackets(tokens.getTokens(), source.file_name()))
    throw DiagnosticError({*bracket_error});

  grammar::PplParser parser(&tokens);
  parser.removeErrorListeners();
  parser.addErrorListener(&listener);
  grammar::PplParser::ProgramContext* tree = parser.program();
  if (!listener.diagnostics().empty()) throw DiagnosticError(listener.diagnostics());

  std::vector<Diagnostic> diagnostics;
  ast::Program program = build_ast(tree, source.file_name(), diagnostics, source_index);
  if (!diagnostics.empty()) throw DiagnosticError(std::move(diagnostics));
  return program;
}

}  // namespace ppl::frontend
