#include "ir/printer.h"

#include <fmt/format.h>

namespace ppl::ir {

const char* spelling(UnaryOp op) { return op == UnaryOp::Negate ? "neg" : "not"; }

const char* spelling(BinaryOp op) {
  switch (op) {
    case BinaryOp::Add: return "add";
    case BinaryOp::Subtract: return "sub";
    case BinaryOp::Multiply: return "mul";
    case BinaryOp::Divide: return "div";
    case BinaryOp::Modulo: return "mod";
    case BinaryOp::MatMul: return "matmul";
    case BinaryOp::Power: return "pow";
    case BinaryOp::Less: return "lt";
    case BinaryOp::LessEqual: return "le";
    case BinaryOp::Greater: return "gt";
    case BinaryOp::GreaterEqual: return "ge";
    case BinaryOp::Equal: return "eq";
    case BinaryOp::NotEqual: return "ne";
    case BinaryOp::And: return "and";
    case BinaryOp::Or: return "or";
  }
  return "?";
}

namespace {

class Printer {
 public:
  explicit Printer(const Program& program) : program_(program) {}
  std::string run();

 private:
  std::string slot(Slot s) const {
    return fmt::format("%{}({})", s, s >= 0 && s < int(names_->size()) ? (*names_)[s] : "?");
  }
  std::string expr(const Expr* e) const;
  std::string named_args(const std::vector<ParamSpec>& params, const std::vector<ExprPtr>& args,
                         size_t first) const;
  void body(const Body& b, int depth);
  void line(int depth, const std::string& text) {
    out_ += std::string(2 * depth, ' ') + text + "\n";
  }
  void frame(const char* title, const Frame& f);

  const Program& program_;
  const std::vector<std::string>* names_ = nullptr;
  std::string out_;
};

std::string Printer::named_args(const std::vector<ParamSpec>& params,
                                const std::vector<ExprPtr>& args, size_t first) const {
  std::string out;
  for (size_t i = first; i < args.size(); ++i) {
    if (!args[i]) continue;
    if (!out.empty()) out += ", ";
    size_t p = i - first;
    if (p < params.size()) out += params[p].name + "=";
    out += expr(args[i].get());
  }
  return out;
}

std::string Printer::expr(const Expr* e) const {
  if (!e) return "none";
  switch (e->op) {
    case ExprOp::Constant:
      if (e->constant_kind == ConstantKind::Bool) return e->constant != 0 ? "true" : "false";
      if (e->constant_kind == ConstantKind::Int) return fmt::format("{}", static_cast<long long>(e->constant));
      return fmt::format("{:.17g}r", e->constant);
    case ExprOp::Load: return slot(e->slot);
    case ExprOp::Array: {
      std::string out = "array(";
      for (size_t i = 0; i < e->args.size(); ++i) out += (i ? ", " : "") + expr(e->args[i].get());
      return out + ")";
    }
    case ExprOp::Unary: return fmt::format("{}({})", spelling(e->unary_op), expr(e->args[0].get()));
    case ExprOp::Binary:
      return fmt::format("{}({}, {})", spelling(e->binary_op), expr(e->args[0].get()),
                         expr(e->args[1].get()));
    case ExprOp::Builtin:
      if (!e->text.empty())
        return fmt::format("{}(\"{}\", {})", e->function->name, e->text,
                           named_args(e->function->params, e->args, 0));
      return fmt::format("{}({})", e->function->name, named_args(e->function->params, e->args, 0));
    case ExprOp::UserCall: {
      std::string out = "call " + e->name + "(";
      for (size_t i = 0; i < e->args.size(); ++i) out += (i ? ", " : "") + expr(e->args[i].get());
      return out + ")";
    }
    case ExprOp::Distribution:
      return fmt::format("{}({})", e->distribution->name,
                         named_args(e->distribution->params, e->args, 0));
    case ExprOp::Method:
      return fmt::format("{}.{}({})", expr(e->args[0].get()), e->method->name,
                         named_args(e->method->params, e->args, 1));
    case ExprOp::Constraint:
      if (e->constraint->params.empty()) return "constraint " + e->constraint->name;
      return fmt::format("constraint {}({})", e->constraint->name,
                         named_args(e->constraint->params, e->args, 0));
    case ExprOp::Transform:
      return fmt::format("{}({})", e->transform->name, named_args(e->transform->params, e->args, 0));
    case ExprOp::Index: {
      std::string out = expr(e->args[0].get()) + "[";
      for (size_t i = 0; i < e->indices.size(); ++i) {
        const IndexEntry& entry = e->indices[i];
        if (i) out += ", ";
        if (entry.new_axis) {
          out += "None";
        } else if (entry.ellipsis) {
          out += "...";
        } else if (!entry.is_slice) {
          out += (entry.mask ? "mask " : "") + expr(entry.index.get());
        } else {
          out += (entry.low ? expr(entry.low.get()) : "") + ":" +
                 (entry.high ? expr(entry.high.get()) : "") +
                 (entry.step ? ":" + expr(entry.step.get()) : "");
        }
      }
      return out + "]";
    }
  }
  return "?";
}

void Printer::body(const Body& b, int depth) {
  for (const StmtPtr& s : b) {
    switch (s->kind) {
      case StmtKind::Sample: {
        std::string text = fmt::format("sample \"{}\" {} ~ {}", s->name, slot(s->slot),
                                       expr(s->value.get()));
        if (s->observed) text += " obs " + expr(s->observed.get());
        if (s->observed_data >= 0) {
          text += fmt::format(" obs-data {}", program_.data[s->observed_data].name);
          if (!s->site_indices.empty()) {
            text += "[";
            for (size_t i = 0; i < s->site_indices.size(); ++i)
              text += (i ? ", " : "") + expr(s->site_indices[i].get());
            text += "]";
          }
        }
        if (!s->for_loop_slots.empty()) {
          text += " named-by";
          for (Slot loop : s->for_loop_slots) text += " " + slot(loop);
        }
        line(depth, text);
        break;
      }
      case StmtKind::Factor:
        line(depth, fmt::format("factor \"{}\" {}", s->name, expr(s->value.get())));
        break;
      case StmtKind::Param:
        line(depth, fmt::format("param \"{}\" {} = {}{}", s->name, slot(s->slot),
                                expr(s->value.get()),
                                s->constraint ? " in " + expr(s->constraint.get()) : ""));
        break;
      case StmtKind::Deterministic:
        line(depth, fmt::format("deterministic \"{}\" {} = {}", s->name, slot(s->slot),
                                expr(s->value.get())));
        break;
      case StmtKind::Let:
        line(depth, fmt::format("{} = {}", slot(s->slot), expr(s->value.get())));
        break;
      case StmtKind::Plate: {
        std::string text = fmt::format("plate \"{}\" size {} dim {}", s->name,
                                       expr(s->size.get()), s->dim);
        if (s->subsample_size)
          text += fmt::format(" subsample {} as {}", expr(s->subsample_size.get()),
                              slot(s->subsample_slot));
        line(depth, text + " {");
        body(s->body, depth + 1);
        line(depth, "}");
        break;
      }
      case StmtKind::Scan: {
        std::string text = fmt::format("scan {} in {}:{}", slot(s->index_slot), expr(s->low.get()),
                                       expr(s->high.get()));
        for (const SlotValue& c : s->carries)
          text += fmt::format(" carry {} = {}", slot(c.slot), expr(c.value.get()));
        for (const SlotValue& q : s->sequences)
          text += fmt::format(" over {} in {}", slot(q.slot), expr(q.value.get()));
        line(depth, text + " {");
        body(s->body, depth + 1);
        std::string stacked;
        for (const StackedSite& site : s->stacked)
          stacked += fmt::format(" {} <- {}", slot(site.stacked_slot), slot(site.step_slot));
        line(depth, "} stacked" + (stacked.empty() ? std::string(" nothing") : stacked));
        break;
      }
      case StmtKind::For:
        line(depth, fmt::format("for {} in {}:{} {{", slot(s->index_slot), expr(s->low.get()),
                                expr(s->high.get())));
        body(s->body, depth + 1);
        line(depth, "}");
        break;
      case StmtKind::Mask:
      case StmtKind::Scale:
        line(depth, fmt::format("{} {} {{", s->kind == StmtKind::Mask ? "mask" : "scale",
                                expr(s->value.get())));
        body(s->body, depth + 1);
        line(depth, "}");
        break;
      case StmtKind::If:
        line(depth, fmt::format("if {} {{", expr(s->value.get())));
        body(s->body, depth + 1);
        if (!s->else_body.empty()) {
          line(depth, "} else {");
          body(s->else_body, depth + 1);
        }
        line(depth, "}");
        break;
      case StmtKind::Return:
        line(depth, "return " + expr(s->value.get()));
        break;
    }
  }
}

void Printer::frame(const char* title, const Frame& f) {
  names_ = &f.slot_names;
  line(0, fmt::format("{} ({} slots) {{", title, f.slot_names.size()));
  for (size_t i = 0; i < f.data_slots.size(); ++i)
    line(1, fmt::format("{} = data {}", slot(f.data_slots[i]), program_.data[i].name));
  body(f.body, 1);
  line(0, "}");
}

std::string Printer::run() {
  for (const DataEntry& d : program_.data) {
    std::string type = d.element_type == ElementType::Int    ? "int"
                       : d.element_type == ElementType::Bool ? "bool"
                                                             : "real";
    std::string dims;
    for (const DataEntry::DimSpec& dim : d.dims) {
      if (!dims.empty()) dims += ", ";
      dims += dim.data_index >= 0 ? program_.data[dim.data_index].name : std::to_string(dim.size);
    }
    line(0, fmt::format("data {}: {}{}{}", d.name, type, dims.empty() ? "" : "[" + dims + "]",
                        d.optional ? " optional" : ""));
  }
  for (const Function& fn : program_.functions) {
    names_ = &fn.frame.slot_names;
    std::string params;
    for (Slot p : fn.parameters) params += (params.empty() ? "" : ", ") + slot(p);
    line(0, fmt::format("fn {}({}) ({} slots) {{", fn.name, params, fn.frame.slot_names.size()));
    body(fn.frame.body, 1);
    line(0, "}");
  }
  if (program_.model) frame("model", *program_.model);
  if (program_.guide) frame("guide", *program_.guide);
  return out_;
}

}  // namespace

std::string print(const Program& program) { return Printer(program).run(); }

}  // namespace ppl::ir
