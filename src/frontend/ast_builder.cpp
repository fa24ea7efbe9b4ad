#include "frontend/ast_builder.h"

#include <cmath>
#include <cstdlib>

#include "PplParser.h"
#include "frontend/messages.h"

namespace ppl::frontend {
namespace {

using P = grammar::PplParser;
using namespace ast;

// The index of the file being built (SourceLocation::source); set by
// build_ast for the duration of one build.
thread_local int building_source = 0;

SourceLocation location_of(antlr4::Token* token) {
  SourceLocation at;
  at.source = building_source;
  at.line = static_cast<int>(token->getLine());
  at.column = static_cast<int>(token->getCharPositionInLine()) + 1;
  at.length = std::max<int>(1, static_cast<int>(token->getText().size()));
  return at;
}

// The span from the rule's first token to its last, cut at the end of the first line.
SourceLocation location_of(antlr4::ParserRuleContext* context) {
  SourceLocation at = location_of(context->getStart());
  antlr4::Token* stop = context->getStop();
  if (stop && stop->getLine() == context->getStart()->getLine() &&
      stop->getStopIndex() >= context->getStart()->getStartIndex()) {
    at.length = static_cast<int>(stop->getStopIndex() - context->getStart()->getStartIndex() + 1);
  }
  return at;
}

class Builder {
 public:
  explicit Builder(std::string file) : file_(std::move(file)) {}
  ExprPtr expr(P::ExprContext* context);
  Block block(P::BlockContext* context);
  StatementPtr statement(P::StatementContext* context);
  StatementPtr if_else(P::IfElseContext* context);
  DataDecl data_decl(P::DataDeclContext* context);
  FunctionDef function(P::FunctionDefContext* context);

 private:
  std::vector<Argument> arguments(P::ArgumentsContext* context);
  std::vector<Binding> bindings(const std::vector<P::BindingContext*>& contexts);
  std::string file_;
  ExprPtr binary(P::ExprContext* whole, P::ExprContext* left, P::ExprContext* right,
                 BinaryOp op);
};

BinaryOp binary_op_from(const std::string& text) {
  if (text == "+") return BinaryOp::Add;
  if (text == "-") return BinaryOp::Subtract;
  if (text == "*") return BinaryOp::Multiply;
  if (text == "/") return BinaryOp::Divide;
  if (text == "%") return BinaryOp::Modulo;
  if (text == "@") return BinaryOp::MatMul;
  if (text == "^") return BinaryOp::Power;
  if (text == "<") return BinaryOp::Less;
  if (text == "<=") return BinaryOp::LessEqual;
  if (text == ">") return BinaryOp::Greater;
  if (text == ">=") return BinaryOp::GreaterEqual;
  if (text == "==") return BinaryOp::Equal;
  return BinaryOp::NotEqual;
}

ExprPtr Builder::binary(P::ExprContext* whole, P::ExprContext* left, P::ExprContext* right,
                        BinaryOp op) {
  auto node = std::make_unique<Expr>(ExprKind::Binary, location_of(whole));
  node->binary_op = op;
  node->operands.push_back(expr(left));
  node->operands.push_back(expr(right));
  return node;
}

std::vector<Argument> Builder::arguments(P::ArgumentsContext* context) {
  std::vector<Argument> result;
  if (!context) return result;
  for (P::ArgumentContext* a : context->argument()) {
    Argument argument;
    if (a->name()) {
      argument.name = a->name()->getText();
      argument.name_location = location_of(a->name());
    }
    argument.value = expr(a->expr());
    result.push_back(std::move(argument));
  }
  return result;
}

ExprPtr Builder::expr(P::ExprContext* context) {
  SourceLocation at = location_of(context);
  if (auto* c = dynamic_cast<P::ParenthesizedContext*>(context)) return expr(c->expr());
  if (auto* c = dynamic_cast<P::FloatLiteralContext*>(context)) {
    auto node = std::make_unique<Expr>(ExprKind::Float, at);
    node->float_value = std::strtod(c->getText().c_str(), nullptr);
    return node;
  }
  if (auto* c = dynamic_cast<P::IntegerLiteralContext*>(context)) {
    auto node = std::make_unique<Expr>(ExprKind::Integer, at);
    // Too many digits for an integer: keep the value as a real number instead of wrapping.
    if (c->getText().size() > 18) {
      node->kind = ExprKind::Float;
      node->float_value = std::strtod(c->getText().c_str(), nullptr);
    } else {
      node->integer_value = std::strtoll(c->getText().c_str(), nullptr, 10);
    }
    return node;
  }
  if (auto* c = dynamic_cast<P::StringLiteralContext*>(context)) {
    auto node = std::make_unique<Expr>(ExprKind::String, at);
    const std::string quoted = c->getText();
    node->name = quoted.substr(1, quoted.size() - 2);
    return node;
  }
  if (auto* c = dynamic_cast<P::BooleanLiteralContext*>(context)) {
    auto node = std::make_unique<Expr>(ExprKind::Boolean, at);
    node->boolean_value = c->TRUE() != nullptr;
    return node;
  }
  if (auto* c = dynamic_cast<P::VariableContext*>(context)) {
    auto node = std::make_unique<Expr>(ExprKind::Variable, at);
    node->name = c->name()->getText();
    node->name_location = at;
    return node;
  }
  if (auto* c = dynamic_cast<P::ArrayLiteralContext*>(context)) {
    auto node = std::make_unique<Expr>(ExprKind::ArrayLiteral, at);
    for (P::ExprContext* e : c->elements) node->operands.push_back(expr(e));
    return node;
  }
  if (auto* c = dynamic_cast<P::UnaryContext*>(context)) {
    auto node = std::make_unique<Expr>(ExprKind::Unary, at);
    node->unary_op = c->op->getText() == "-" ? UnaryOp::Negate : UnaryOp::Plus;
    node->operands.push_back(expr(c->expr()));
    return node;
  }
  if (auto* c = dynamic_cast<P::LogicalNotContext*>(context)) {
    auto node = std::make_unique<Expr>(ExprKind::Unary, at);
    node->unary_op = UnaryOp::Not;
    node->operands.push_back(expr(c->expr()));
    return node;
  }
  if (auto* c = dynamic_cast<P::PowerContext*>(context))
    return binary(context, c->expr(0), c->expr(1), BinaryOp::Power);
  if (auto* c = dynamic_cast<P::MultiplicativeContext*>(context))
    return binary(context, c->expr(0), c->expr(1), binary_op_from(c->op->getText()));
  if (auto* c = dynamic_cast<P::AdditiveContext*>(context))
    return binary(context, c->expr(0), c->expr(1), binary_op_from(c->op->getText()));
  if (auto* c = dynamic_cast<P::ComparisonContext*>(context))
    return binary(context, c->expr(0), c->expr(1), binary_op_from(c->op->getText()));
  if (auto* c = dynamic_cast<P::LogicalAndContext*>(context))
    return binary(context, c->expr(0), c->expr(1), BinaryOp::And);
  if (auto* c = dynamic_cast<P::LogicalOrContext*>(context))
    return binary(context, c->expr(0), c->expr(1), BinaryOp::Or);
  if (auto* c = dynamic_cast<P::CallContext*>(context)) {
    auto node = std::make_unique<Expr>(ExprKind::Call, at);
    node->name = c->name()->getText();
    node->name_location = location_of(c->name());
    node->arguments = arguments(c->arguments());
    return node;
  }
  if (auto* c = dynamic_cast<P::MethodCallContext*>(context)) {
    auto node = std::make_unique<Expr>(ExprKind::MethodCall, at);
    node->name = c->name()->getText();
    node->name_location = location_of(c->name());
    node->operands.push_back(expr(c->expr()));
    node->arguments = arguments(c->arguments());
    return node;
  }
  if (auto* c = dynamic_cast<P::IndexingContext*>(context)) {
    auto node = std::make_unique<Expr>(ExprKind::Index, at);
    node->operands.push_back(expr(c->expr()));
    for (P::IndexItemContext* item : c->indexItem()) {
      IndexItem index;
      index.location = location_of(item);
      if (auto* slice = dynamic_cast<P::SliceIndexContext*>(item)) {
        index.is_slice = true;
        if (slice->low) index.low = expr(slice->low);
        if (slice->high) index.high = expr(slice->high);
        if (slice->step) index.step = expr(slice->step);
      } else if (dynamic_cast<P::NewAxisIndexContext*>(item)) {
        index.new_axis = true;
      } else if (dynamic_cast<P::EllipsisIndexContext*>(item)) {
        index.ellipsis = true;
      } else {
        index.index = expr(dynamic_cast<P::SingleIndexContext*>(item)->expr());
      }
      node->indices.push_back(std::move(index));
    }
    return node;
  }
  // Every alternative of the grammar's expr rule is handled above.
  throw std::logic_error("unhandled expression form: " + context->getText());
}

std::vector<Binding> Builder::bindings(const std::vector<P::BindingContext*>& contexts) {
  std::vector<Binding> result;
  for (P::BindingContext* b : contexts) {
    Binding binding;
    binding.name = b->name()->getText();
    binding.location = location_of(b->name());
    binding.value = expr(b->expr());
    result.push_back(std::move(binding));
  }
  return result;
}

Block Builder::block(P::BlockContext* context) {
  Block result;
  for (P::StatementContext* s : context->statement()) {
    if (StatementPtr statement_node = statement(s)) result.push_back(std::move(statement_node));
  }
  return result;
}

StatementPtr Builder::if_else(P::IfElseContext* context) {
  auto node = std::make_unique<Statement>(StatementKind::If, location_of(context->IF()->getSymbol()));
  node->value = expr(context->condition);
  node->body = block(context->thenBlock);
  if (context->elseBlock) {
    node->has_else = true;
    node->else_body = block(context->elseBlock);
  } else if (context->elseIf) {
    node->has_else = true;
    node->else_body.push_back(if_else(context->elseIf));
  }
  return node;
}

StatementPtr Builder::statement(P::StatementContext* context) {
  SourceLocation at = location_of(context->getStart());
  auto make = [&](StatementKind kind) { return std::make_unique<Statement>(kind, at); };
  auto set_name = [](Statement& s, P::NameContext* n) {
    s.name = n->getText();
    s.name_location = location_of(n);
  };
  // let, assignment, factor and deterministic: a name and a value.
  auto named_value = [&](StatementKind kind, auto* c) {
    auto s = make(kind);
    set_name(*s, c->name());
    s->value = expr(c->expr());
    return s;
  };

  if (dynamic_cast<P::EmptyStatementContext*>(context)) return nullptr;
  if (auto* c = dynamic_cast<P::LetStatementContext*>(context))
    return named_value(StatementKind::Let, c);
  if (auto* c = dynamic_cast<P::AssignStatementContext*>(context))
    return named_value(StatementKind::Assign, c);
  if (auto* c = dynamic_cast<P::SampleStatementContext*>(context)) {
    auto s = make(StatementKind::Sample);
    set_name(*s, c->siteTarget()->name());
    for (P::ExprContext* e : c->siteTarget()->indices) s->site_indices.push_back(expr(e));
    s->value = expr(c->distribution);
    if (c->observed) s->observed = expr(c->observed);
    return s;
  }
  if (auto* c = dynamic_cast<P::FactorStatementContext*>(context))
    return named_value(StatementKind::Factor, c);
  if (auto* c = dynamic_cast<P::DeterministicStatementContext*>(context))
    return named_value(StatementKind::Deterministic, c);
  if (auto* c = dynamic_cast<P::ParamStatementContext*>(context)) {
    auto s = make(StatementKind::Param);
    set_name(*s, c->name());
    if (c->constraint) s->constraint = expr(c->constraint);
    s->value = expr(c->init);
    return s;
  }
  if (auto* c = dynamic_cast<P::PlateStatementContext*>(context)) {
    auto s = make(StatementKind::Plate);
    set_name(*s, c->name(0));
    s->size = expr(c->size);
    if (c->subsampleSize) {
      s->subsample_size = expr(c->subsampleSize);
      s->subsample_index = c->index->getText();
      s->subsample_index_location = location_of(c->index);
    }
    s->body = block(c->block());
    return s;
  }
  if (auto* c = dynamic_cast<P::ScanStatementContext*>(context)) {
    auto s = make(StatementKind::Scan);
    set_name(*s, c->index);
    s->size = expr(c->range()->low);
    s->range_high = expr(c->range()->high);
    if (c->carryClause()) s->carries = bindings(c->carryClause()->binding());
    if (c->overClause()) s->overs = bindings(c->overClause()->binding());
    s->body = block(c->block());
    return s;
  }
  if (auto* c = dynamic_cast<P::ForStatementContext*>(context)) {
    auto s = make(StatementKind::For);
    set_name(*s, c->index);
    s->size = expr(c->range()->low);
    s->range_high = expr(c->range()->high);
    s->body = block(c->block());
    return s;
  }
  if (auto* c = dynamic_cast<P::MaskStatementContext*>(context)) {
    auto s = make(StatementKind::Mask);
    s->value = expr(c->expr());
    s->body = block(c->block());
    return s;
  }
  if (auto* c = dynamic_cast<P::ScaleStatementContext*>(context)) {
    auto s = make(StatementKind::Scale);
    s->value = expr(c->expr());
    s->body = block(c->block());
    return s;
  }
  if (auto* c = dynamic_cast<P::IfStatementContext*>(context)) return if_else(c->ifElse());
  if (auto* c = dynamic_cast<P::ReturnStatementContext*>(context)) {
    auto s = make(StatementKind::Return);
    s->value = expr(c->expr());
    return s;
  }
  throw std::logic_error("unhandled statement form: " + context->getText());
}

DataDecl Builder::data_decl(P::DataDeclContext* context) {
  DataDecl decl;
  decl.name = context->name(0)->getText();
  decl.location = location_of(context->name(0));
  decl.element_type = context->elementType->getText();
  decl.element_type_location = location_of(context->elementType);
  for (P::ExprContext* e : context->dims) decl.dims.push_back(expr(e));
  decl.optional = context->optional != nullptr;
  return decl;
}

FunctionDef Builder::function(P::FunctionDefContext* context) {
  FunctionDef def;
  def.file = file_;
  def.name = context->name(0)->getText();
  def.location = location_of(context->name(0));
  for (P::NameContext* p : context->params) {
    def.params.push_back(p->getText());
    def.param_locations.push_back(location_of(p));
  }
  def.body = block(context->block());
  return def;
}

}  // namespace

ast::Program build_ast(grammar::PplParser::ProgramContext* tree, const std::string& file_name,
                       std::vector<Diagnostic>& diagnostics, int source_index) {
  building_source = source_index;
  Builder builder(file_name);
  ast::Program program;
  program.file_name = file_name;
  // The model or the guide block; a second one is reported at its keyword.
  auto read_block = [&](std::optional<ast::BlockDef>& into, antlr4::tree::TerminalNode* keyword,
                        P::BlockContext* body, const char* what) {
    SourceLocation at = location_of(keyword->getSymbol());
    if (into) {
      diagnostics.push_back(messages::repeated_block(file_name, at, what, into->location));
      return;
    }
    into.emplace();
    into->location = at;
    into->file = file_name;
    into->body = builder.block(body);
  };
  for (P::TopItemContext* item : tree->topItem()) {
    if (P::DataBlockContext* data = item->dataBlock()) {
      program.has_data_block = true;
      for (P::DataDeclContext* d : data->dataDecl()) program.data.push_back(builder.data_decl(d));
    } else if (P::ModelBlockContext* model = item->modelBlock()) {
      read_block(program.model, model->MODEL(), model->block(), "model");
    } else if (P::GuideBlockContext* guide = item->guideBlock()) {
      read_block(program.guide, guide->GUIDE(), guide->block(), "guide");
    } else if (P::FunctionDefContext* fn = item->functionDef()) {
      program.functions.push_back(builder.function(fn));
    }
  }
  return program;
}

}  // namespace ppl::frontend
