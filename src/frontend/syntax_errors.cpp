#include "frontend/syntax_errors.h"

#include <fmt/format.h>

#include <set>

#include "PplLexer.h"
#include "PplParser.h"
#include "frontend/messages.h"

namespace ppl::frontend {
namespace {

using P = grammar::PplParser;

SourceLocation location_of(const antlr4::Token* token) {
  SourceLocation at;
  at.line = static_cast<int>(token->getLine());
  at.column = static_cast<int>(token->getCharPositionInLine()) + 1;
  at.length = token->getType() == antlr4::Token::EOF
                  ? 1
                  : std::max<int>(1, static_cast<int>(token->getText().size()));
  return at;
}

bool is_keyword(size_t type) { return type >= P::DATA && type <= P::FALSE; }

// How a token reads in "found ...".
std::string describe_found(const antlr4::Token* token) {
  size_t type = token->getType();
  if (type == antlr4::Token::EOF) return "the end of the file";
  if (type == P::IDENTIFIER) return fmt::format("the name '{}'", token->getText());
  if (type == P::FLOAT || type == P::INTEGER) return fmt::format("the number {}", token->getText());
  if (is_keyword(type) || type == P::NONE) return fmt::format("the keyword '{}'", token->getText());
  if (type == P::STRING) return fmt::format("the string {}", token->getText());
  return fmt::format("'{}'", token->getText());
}

std::string describe_expected_token(const antlr4::dfa::Vocabulary& vocabulary, size_t type) {
  if (type == antlr4::Token::EOF) return "the end of the file";
  if (type == P::IDENTIFIER) return "a name";
  if (type == P::FLOAT || type == P::INTEGER) return "a number";
  return vocabulary.getLiteralName(type);
}

// Turns ANTLR's expected-token set into words: the tokens that start an
// expression become "an expression", those that start a statement "a
// statement", and the operators that may continue an expression are left
// out unless nothing else is expected.
std::string describe_expected(const antlr4::misc::IntervalSet& expected,
                              const antlr4::dfa::Vocabulary& vocabulary) {
  std::set<size_t> types;
  for (ssize_t t : expected.toList()) types.insert(static_cast<size_t>(t));

  auto literal = [&](const char* text) -> size_t {
    for (size_t t = 1; t <= vocabulary.getMaxTokenType(); ++t)
      if (vocabulary.getLiteralName(t) == text) return t;
    return 0;
  };
  const std::set<size_t> expression_start = {P::IDENTIFIER, P::FLOAT, P::INTEGER, P::TRUE,
                                             P::FALSE,      P::NOT,   literal("'('"),
                                             literal("'['"), literal("'-'"), literal("'+'")};
  const std::set<size_t> statement_start = {P::LET,  P::FACTOR, P::DETERMINISTIC, P::PARAM,
                                            P::PLATE, P::SCAN,  P::FOR,           P::IF,
                                            P::RETURN};
  const std::set<size_t> operators = {
      literal("'.'"),  literal("'['"),  literal("'^'"), literal("'*'"), literal("'/'"),
      literal("'%'"),  literal("'@'"),  literal("'+'"), literal("'-'"), literal("'<'"),
      literal("'<='"), literal("'>'"),  literal("'>='"), literal("'=='"), literal("'!='"),
      P::AND,          P::OR};

  auto contains_all = [&](const std::set<size_t>& group) {
    for (size_t t : group)
      if (!types.count(t)) return false;
    return true;
  };
  auto remove_all = [&](const std::set<size_t>& group) {
    for (size_t t : group) types.erase(t);
  };

  std::vector<std::string> words;
  if (contains_all(statement_start)) {
    words.push_back("a statement");
    remove_all(statement_start);
    remove_all(expression_start);
    types.erase(P::MASK);
    types.erase(P::SCALE);
    types.erase(literal("';'"));
  } else if (contains_all(expression_start)) {
    words.push_back("an expression");
    remove_all(expression_start);
    types.erase(P::MASK);
    types.erase(P::SCALE);
  }
  types.erase(P::STRING);  // an expression, but only einsum's subscripts
  bool continues_expression = contains_all(operators);
  if (continues_expression) {
    remove_all(operators);
    types.erase(literal("'('"));
  }
  if (types.count(P::DATA) && types.count(P::MODEL) && types.count(P::GUIDE) && types.count(P::FN)) {
    for (const char* word : {"'data'", "'model'", "'guide'", "'fn'"}) words.push_back(word);
    types.erase(P::DATA);
    types.erase(P::MODEL);
    types.erase(P::GUIDE);
    types.erase(P::FN);
  }
  if (types.count(P::IDENTIFIER)) {
    types.erase(P::MASK);
    types.erase(P::SCALE);
  }
  for (size_t t : types) words.push_back(describe_expected_token(vocabulary, t));
  if (words.empty() && continues_expression) words.push_back("an operator");

  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i) out += i + 1 == words.size() ? " or " : ", ";
    out += words[i];
  }
  return out.empty() ? "something else" : out;
}

// The token on the default channel just before `token` (the error may be
// found while the parser still looks ahead from an earlier token).
const antlr4::Token* token_before(antlr4::Parser& parser, const antlr4::Token& token) {
  antlr4::TokenStream* stream = parser.getTokenStream();
  for (ptrdiff_t i = static_cast<ptrdiff_t>(token.getTokenIndex()) - 1; i >= 0; --i) {
    const antlr4::Token* t = stream->get(static_cast<size_t>(i));
    if (t->getChannel() == antlr4::Token::DEFAULT_CHANNEL) return t;
  }
  return nullptr;
}

}  // namespace

void SyntaxErrorListener::syntaxError(antlr4::Recognizer* recognizer,
                                      antlr4::Token* offending_symbol, size_t line,
                                      size_t char_position, const std::string& antlr_message,
                                      std::exception_ptr) {
  // Only the first error is reported: after it, the parser's recovery guesses
  // and later messages are mostly echoes of the first mistake.
  if (!diagnostics_.empty()) return;
  auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
  if (!parser || !offending_symbol) {
    SourceLocation at{static_cast<int>(line), static_cast<int>(char_position) + 1, 1};
    diagnostics_.push_back(messages::unexpected_token(file_, at, "valid input", antlr_message, {}));
    return;
  }
  SourceLocation at = location_of(offending_symbol);
  size_t type = offending_symbol->getType();
  if (type == P::UNEXPECTED_CHARACTER) {
    diagnostics_.push_back(messages::unexpected_character(file_, at, offending_symbol->getText()));
    return;
  }
  if (type == P::UNTERMINATED_STRING) {
    diagnostics_.push_back(messages::unterminated_string(file_, at));
    return;
  }
  std::vector<std::string> notes;
  if (type == P::NONE) {
    notes.push_back(
        "None is an index entry, a new axis (x[:, None]); to leave an argument out, omit it");
  } else if (type == P::OBS) {
    notes.push_back("'obs' only follows the distribution of a sample site: 'x ~ Normal(0, 1) obs y'");
  } else if (is_keyword(type)) {
    notes.push_back(
        fmt::format("'{}' is a reserved word and cannot be used as a name", offending_symbol->getText()));
  } else if (offending_symbol->getText() == "=" ) {
    notes.push_back("to define a value write 'let name = ...'; to compare use '=='");
  } else if (offending_symbol->getText() == "**") {
    notes.push_back("the power operator is '^'");
  } else if (const antlr4::Token* before = token_before(*parser, *offending_symbol);
             before && offending_symbol->getText() == "+" && before->getText() == "target") {
    notes.push_back(
        "Stan's 'target += x' is 'factor name = x' here: a named term of the log density");
  } else if (before && offending_symbol->getText() == "(" &&
             (before->getType() == P::FOR || before->getType() == P::SCAN)) {
    notes.push_back(fmt::format("write '{} i in 0:N {{ ... }}', without parentheses; a range a:b "
                                "runs from a to b - 1, as Python's",
                                before->getText()));
  } else if (offending_symbol->getText() == ":" &&
             dynamic_cast<P::PlateStatementContext*>(parser->getContext())) {
    notes.push_back(
        "a plate takes its size, 'plate i in N', and i runs over 0..N-1; ranges 'a:b' belong to "
        "'scan' and 'for'");
  }
  std::string expected = describe_expected(parser->getExpectedTokens(), parser->getVocabulary());
  diagnostics_.push_back(
      messages::unexpected_token(file_, at, expected, describe_found(offending_symbol), notes));
}

std::optional<Diagnostic> check_brackets(const std::vector<antlr4::Token*>& tokens,
                                         const std::string& file) {
  struct Open {
    std::string text;
    SourceLocation at;
  };
  std::vector<Open> stack;
  auto closing_of = [](const std::string& open) {
    return open == "(" ? std::string(")") : open == "[" ? std::string("]") : std::string("}");
  };
  // Deeper nesting than any real program has would only risk the parser's stack.
  constexpr int max_depth = 256;
  for (const antlr4::Token* token : tokens) {
    const std::string text = token->getText();
    if (token->getType() == P::UNEXPECTED_CHARACTER) continue;
    // An open quote hides the brackets after it on its line.
    if (token->getType() == P::UNTERMINATED_STRING)
      return messages::unterminated_string(file, location_of(token));
    if (text == "(" || text == "[" || text == "{") {
      if (static_cast<int>(stack.size()) >= max_depth)
        return messages::nesting_too_deep(file, location_of(token), max_depth);
      stack.push_back({text, location_of(token)});
    } else if (text == ")" || text == "]" || text == "}") {
      if (stack.empty()) return messages::unmatched_closing_bracket(file, location_of(token), text);
      if (closing_of(stack.back().text) != text)
        return messages::mismatched_bracket(file, location_of(token), text, stack.back().text,
                                            stack.back().at, closing_of(stack.back().text));
      stack.pop_back();
    }
  }
  if (!stack.empty())
    return messages::unclosed_bracket(file, stack.back().at, stack.back().text,
                                      closing_of(stack.back().text));
  return std::nullopt;
}

std::optional<Diagnostic> check_operator_chains(const std::vector<antlr4::Token*>& tokens,
                                                const std::string& file) {
  // Each operator can add a level to the expression tree (a chain of unary
  // minus signs, of ^, of indices or of method calls nests as deep as it is
  // long), and the parser, the checker and the interpreter walk that tree
  // recursively. No real statement has this many.
  constexpr int max_operators = 1000;
  static const std::set<std::string> operators = {"-", "+",  "*",  "/",  "%",  "@",   "^",  "<",   "<=",
                                                  ">", ">=", "==", "!=", ".",  "[",   "and", "or", "not"};
  static const std::set<std::string> separators = {"{", "}", ",", "=", "~", ":"};
  auto ends_operand = [](const antlr4::Token* t) {
    const std::string text = t->getText();
    return t->getType() == P::IDENTIFIER || t->getType() == P::INTEGER || t->getType() == P::FLOAT ||
           text == ")" || text == "]" || text == "true" || text == "false";
  };
  auto starts_statement = [](const antlr4::Token* t) {
    return t->getType() == P::IDENTIFIER || (t->getType() >= P::DATA && t->getType() <= P::RETURN);
  };
  int count = 0;
  const antlr4::Token* previous = nullptr;
  for (const antlr4::Token* token : tokens) {
    const std::string text = token->getText();
    bool boundary = separators.count(text) ||
                    (token->getType() >= P::DATA && token->getType() <= P::RETURN) ||
                    (previous && ends_operand(previous) && starts_statement(token));
    if (boundary) count = 0;
    else if (operators.count(text) && ++count > max_operators)
      return messages::expression_too_long(file, location_of(token), max_operators);
    previous = token;
  }
  return std::nullopt;
}

}  // namespace ppl::frontend
