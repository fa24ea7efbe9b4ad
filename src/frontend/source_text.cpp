#include "frontend/source_text.h"

#include <fmt/format.h>

namespace ppl::frontend {

using namespace ast;

namespace {

std::string number_text(double value) {
  std::string text = fmt::format("{}", value);
  if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
  return text;
}

std::string arguments_text(const std::vector<Argument>& arguments) {
  std::string out;
  for (const Argument& argument : arguments) {
    if (!out.empty()) out += ", ";
    if (!argument.name.empty()) out += argument.name + "=";
    out += source_text_of(*argument.value);
  }
  return out;
}

}  // namespace

std::string source_text_of(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Float: return number_text(e.float_value);
    case ExprKind::Integer: return std::to_string(e.integer_value);
    case ExprKind::Boolean: return e.boolean_value ? "true" : "false";
    case ExprKind::Variable: return e.name;
    case ExprKind::String: return "\"" + e.name + "\"";
    case ExprKind::ArrayLiteral: {
      std::string out = "[";
      for (size_t i = 0; i < e.operands.size(); ++i)
        out += (i ? ", " : "") + source_text_of(*e.operands[i]);
      return out + "]";
    }
    case ExprKind::Unary:
      return e.unary_op == UnaryOp::Not ? "not " + source_text_of(*e.operands[0])
                                        : spelling(e.unary_op) + source_text_of(*e.operands[0]);
    case ExprKind::Binary:
      return fmt::format("({} {} {})", source_text_of(*e.operands[0]), source_spelling(e.binary_op),
                         source_text_of(*e.operands[1]));
    case ExprKind::Call: return fmt::format("{}({})", e.name, arguments_text(e.arguments));
    case ExprKind::MethodCall:
      return fmt::format("{}.{}({})", source_text_of(*e.operands[0]), e.name,
                         arguments_text(e.arguments));
    case ExprKind::Index: {
      std::string out = source_text_of(*e.operands[0]) + "[";
      for (size_t i = 0; i < e.indices.size(); ++i) {
        const IndexItem& item = e.indices[i];
        if (i) out += ", ";
        if (item.new_axis) {
          out += "None";
          continue;
        }
        if (item.ellipsis) {
          out += "...";
          continue;
        }
        if (!item.is_slice) {
          out += source_text_of(*item.index);
          continue;
        }
        if (item.low) out += source_text_of(*item.low);
        out += ":";
        if (item.high) out += source_text_of(*item.high);
        if (item.step) out += ":" + source_text_of(*item.step);
      }
      return out + "]";
    }
  }
  return "?";
}

std::string dist_name_of(const Expr& e) {
  if (e.kind == ExprKind::Call) return e.name;
  if (e.kind == ExprKind::MethodCall) return dist_name_of(*e.operands[0]) + "." + e.name;
  return source_text_of(e);
}

}  // namespace ppl::frontend
