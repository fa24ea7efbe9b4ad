#include "frontend/lower.h"

#include <map>
#include <stdexcept>
#include <variant>

namespace ppl::frontend {
namespace {

using namespace ast;

ir::ExprPtr constant(double value, ir::ConstantKind kind, SourceLocation at) {
  auto e = std::make_unique<ir::Expr>(ir::ExprOp::Constant, at);
  e->constant = value;
  e->constant_kind = kind;
  return e;
}

// Lowers one frame (model, guide or function body). Every name is already
// resolved: the checker recorded the slot of each name on the AST, the
// frame's slot names, each plate's dim and what each scan stacks.
class FrameLowering {
 public:
  FrameLowering(const Program& program, const std::map<std::string, int>& functions,
                const std::vector<std::string>& slot_names, ir::Frame& frame)
      : program_(program), functions_(functions), frame_(frame) {
    frame_.slot_names = slot_names;
  }

  // The data entries hold the frame's first slots.
  void bind_data() {
    for (size_t i = 0; i < program_.data.size(); ++i)
      frame_.data_slots.push_back(static_cast<ir::Slot>(i));
  }
  ir::Body body(const Block& block);

 private:
  ir::ExprPtr expr(const Expr& e);
  std::vector<ir::ExprPtr> call_arguments(const Expr& e, const std::vector<ir::ParamSpec>& params);
  // A call of a catalogue entry: an `op` node holding the entry in `field`,
  // its arguments in the entry's order.
  template <class Spec>
  std::unique_ptr<ir::Expr> spec_call(const Expr& e, ir::ExprOp op, const Spec* ir::Expr::*field) {
    auto call = std::make_unique<ir::Expr>(op, e.location);
    const Spec* spec = std::get<const Spec*>(e.spec);
    (*call).*field = spec;
    call->args = call_arguments(e, spec->params);
    return call;
  }
  ir::StmtPtr statement(const Statement& s);
  int data_index(const std::string& name) const;
  static ir::Slot resolved(int slot, const std::string& name);

  const Program& program_;
  const std::map<std::string, int>& functions_;
  ir::Frame& frame_;
  std::vector<ir::Slot> for_loop_slots_;
};

ir::Slot FrameLowering::resolved(int slot, const std::string& name) {
  if (slot < 0) throw std::logic_error("lowering: the checker gave '" + name + "' no slot");
  return static_cast<ir::Slot>(slot);
}

int FrameLowering::data_index(const std::string& name) const {
  for (size_t i = 0; i < program_.data.size(); ++i)
    if (program_.data[i].name == name) return static_cast<int>(i);
  return -1;
}

std::vector<ir::ExprPtr> FrameLowering::call_arguments(const Expr& e,
                                                       const std::vector<ir::ParamSpec>& params) {
  std::vector<ir::ExprPtr> args;
  for (size_t i = 0; i < e.ordered_arguments.size(); ++i) {
    const Expr* argument = e.ordered_arguments[i];
    if (argument && argument->kind == ExprKind::String) {
      args.push_back(nullptr);  // the call's text, set by the caller
    } else if (argument) {
      args.push_back(expr(*argument));
    } else if (i < params.size() && params[i].presence == ir::Presence::Default) {
      args.push_back(constant(params[i].default_value, ir::ConstantKind::Real, e.location));
    } else {
      args.push_back(nullptr);
    }
  }
  return args;
}

ir::ExprPtr FrameLowering::expr(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Float: return constant(e.float_value, ir::ConstantKind::Real, e.location);
    case ExprKind::String:
      throw std::logic_error("lowering: a string outside a text parameter");
    case ExprKind::Integer:
      return constant(static_cast<double>(e.integer_value), ir::ConstantKind::Int, e.location);
    case ExprKind::Boolean:
      return constant(e.boolean_value ? 1 : 0, ir::ConstantKind::Bool, e.location);
    case ExprKind::Variable: {
      if (e.resolution == Resolution::Constraint) {
        auto c = std::make_unique<ir::Expr>(ir::ExprOp::Constraint, e.location);
        c->constraint = std::get<const ir::ConstraintSpec*>(e.spec);
        return c;
      }
      auto load = std::make_unique<ir::Expr>(ir::ExprOp::Load, e.location);
      load->slot = resolved(e.slot, e.name);
      load->name = e.name;
      return load;
    }
    case ExprKind::ArrayLiteral: {
      auto array = std::make_unique<ir::Expr>(ir::ExprOp::Array, e.location);
      for (const ExprPtr& element : e.operands) array->args.push_back(expr(*element));
      return array;
    }
    case ExprKind::Unary: {
      if (e.unary_op == UnaryOp::Plus) return expr(*e.operands[0]);
      auto unary = std::make_unique<ir::Expr>(ir::ExprOp::Unary, e.location);
      unary->unary_op = e.unary_op == UnaryOp::Not ? ir::UnaryOp::Not : ir::UnaryOp::Negate;
      unary->args.push_back(expr(*e.operands[0]));
      return unary;
    }
    case ExprKind::Binary: {
      auto binary = std::make_unique<ir::Expr>(ir::ExprOp::Binary, e.location);
      binary->binary_op = e.binary_op;
      binary->args.push_back(expr(*e.operands[0]));
      binary->args.push_back(expr(*e.operands[1]));
      return binary;
    }
    case ExprKind::Call: {
      switch (e.resolution) {
        case Resolution::UserFunction: {
          auto call = std::make_unique<ir::Expr>(ir::ExprOp::UserCall, e.location);
          call->name = e.name;
          call->user_function = functions_.at(e.name);
          for (const Expr* argument : e.ordered_arguments) call->args.push_back(expr(*argument));
          return call;
        }
        case Resolution::Distribution:
          return spec_call(e, ir::ExprOp::Distribution, &ir::Expr::distribution);
        case Resolution::BuiltinFunction: {
          auto call = spec_call(e, ir::ExprOp::Builtin, &ir::Expr::function);
          if (!e.ordered_arguments.empty() && e.ordered_arguments[0])
            call->operand_rank = e.ordered_arguments[0]->type.rank().value_or(-1);
          for (const Expr* argument : e.ordered_arguments) {
            call->argument_ranks.push_back(argument ? argument->type.rank().value_or(-1) : -1);
            if (argument && argument->kind == ExprKind::String) call->text = argument->name;
          }
          return call;
        }
        case Resolution::ConstraintCall:
          return spec_call(e, ir::ExprOp::Constraint, &ir::Expr::constraint);
        case Resolution::Transform:
          return spec_call(e, ir::ExprOp::Transform, &ir::Expr::transform);
        default:
          throw std::logic_error("lowering: unresolved call '" + e.name + "'");
      }
    }
    case ExprKind::MethodCall: {
      auto call = std::make_unique<ir::Expr>(ir::ExprOp::Method, e.location);
      call->method = std::get<const ir::MethodSpec*>(e.spec);
      call->args.push_back(expr(*e.operands[0]));
      for (ir::ExprPtr& argument : call_arguments(e, call->method->params))
        call->args.push_back(std::move(argument));
      return call;
    }
    case ExprKind::Index: {
      auto index = std::make_unique<ir::Expr>(ir::ExprOp::Index, e.location);
      index->args.push_back(expr(*e.operands[0]));
      index->operand_rank = e.operands[0]->type.rank().value_or(-1);
      for (const IndexItem& item : e.indices) {
        ir::IndexEntry entry;
        entry.is_slice = item.is_slice;
        entry.new_axis = item.new_axis;
        entry.ellipsis = item.ellipsis;
        entry.mask = item.index && item.index->type.kind == TypeKind::Bool &&
                     item.index->type.rank().value_or(0) > 0;
        if (item.index) entry.index = expr(*item.index);
        if (item.low) entry.low = expr(*item.low);
        if (item.high) entry.high = expr(*item.high);
        if (item.step) entry.step = expr(*item.step);
        index->indices.push_back(std::move(entry));
      }
      return index;
    }
  }
  throw std::logic_error("lowering: unknown expression");
}

ir::Body FrameLowering::body(const Block& block) {
  ir::Body out;
  for (const StatementPtr& s : block) out.push_back(statement(*s));
  return out;
}

ir::StmtPtr FrameLowering::statement(const Statement& s) {
  using ir::StmtKind;
  auto make = [&](StmtKind kind) { return std::make_unique<ir::Stmt>(kind, s.location); };
  // A statement of the name and the value the source gives.
  auto named = [&](StmtKind kind) {
    auto out = make(kind);
    out->name = s.name;
    out->value = expr(*s.value);
    return out;
  };
  // ... that writes the slot the checker resolved for it.
  auto named_in_slot = [&](StmtKind kind) {
    auto out = named(kind);
    out->slot = resolved(s.slot, s.name);
    return out;
  };
  switch (s.kind) {
    // An assignment binds the slot the checker resolved, as a let does.
    case StatementKind::Let:
    case StatementKind::Assign:
      return named_in_slot(StmtKind::Let);
    case StatementKind::Sample: {
      // y[t] ~ ...: one step's value, stacked by the enclosing scan; a site
      // named like data or like a carry writes that slot; else its own.
      auto out = named_in_slot(StmtKind::Sample);
      if (s.observed) out->observed = expr(*s.observed);
      for (const ExprPtr& index : s.site_indices) out->site_indices.push_back(expr(*index));
      out->observed_data = data_index(s.name);
      out->for_loop_slots = for_loop_slots_;
      out->observed_in_loop_name = !for_loop_slots_.empty();
      return out;
    }
    case StatementKind::Factor:
      return named(StmtKind::Factor);
    case StatementKind::Deterministic:
      return named_in_slot(StmtKind::Deterministic);
    case StatementKind::Param: {
      auto out = named_in_slot(StmtKind::Param);
      if (s.constraint) out->constraint = expr(*s.constraint);
      return out;
    }
    case StatementKind::Plate: {
      auto out = make(StmtKind::Plate);
      out->name = s.name;
      out->size = expr(*s.size);
      out->dim = s.plate_dim;
      if (s.subsample_size) {
        out->subsample_size = expr(*s.subsample_size);
        out->subsample_slot = resolved(s.subsample_slot, s.subsample_index);
      }
      out->body = body(s.body);
      return out;
    }
    case StatementKind::Scan: {
      auto out = make(StmtKind::Scan);
      out->name = s.name;
      out->low = expr(*s.size);
      out->high = expr(*s.range_high);
      for (const Binding& carry : s.carries)
        out->carries.push_back({resolved(carry.slot, carry.name), expr(*carry.value)});
      for (const Binding& over : s.overs)
        out->sequences.push_back({resolved(over.slot, over.name), expr(*over.value)});
      out->index_slot = resolved(s.index_slot, s.name);
      out->body = body(s.body);
      for (ir::StackedSite site : s.stacked) {
        site.step_slot = resolved(site.step_slot, site.name);
        site.stacked_slot = resolved(site.stacked_slot, site.name);
        out->stacked.push_back(site);
      }
      return out;
    }
    case StatementKind::For: {
      auto out = make(StmtKind::For);
      out->low = expr(*s.size);
      out->high = expr(*s.range_high);
      out->index_slot = resolved(s.index_slot, s.name);
      for_loop_slots_.push_back(out->index_slot);
      out->body = body(s.body);
      for_loop_slots_.pop_back();
      return out;
    }
    case StatementKind::Mask:
    case StatementKind::Scale: {
      auto out = make(s.kind == StatementKind::Mask ? StmtKind::Mask : StmtKind::Scale);
      out->value = expr(*s.value);
      out->body = body(s.body);
      return out;
    }
    case StatementKind::If: {
      auto out = make(StmtKind::If);
      out->value = expr(*s.value);
      out->body = body(s.body);
      out->else_body = body(s.else_body);
      return out;
    }
    case StatementKind::Return: {
      auto out = make(StmtKind::Return);
      out->value = expr(*s.value);
      return out;
    }
  }
  throw std::logic_error("lowering: unknown statement");
}

ir::ElementType element_type_of(const std::string& name) {
  if (name == "int") return ir::ElementType::Int;
  if (name == "bool") return ir::ElementType::Bool;
  return ir::ElementType::Real;
}

}  // namespace

ir::Program lower(const ast::Program& program) {
  ir::Program out;
  out.files.push_back(program.file_name);
  if (program.guide && program.guide->file != program.file_name) out.files.push_back(program.guide->file);
  std::map<std::string, int> data_indices;
  for (const DataDecl& decl : program.data) {
    ir::DataEntry entry;
    entry.name = decl.name;
    entry.element_type = element_type_of(decl.element_type);
    entry.optional = decl.optional;
    for (const ExprPtr& dim : decl.dims) {
      ir::DataEntry::DimSpec spec;
      if (dim->kind == ExprKind::Integer) spec.size = dim->integer_value;
      else spec.data_index = data_indices.at(dim->name);
      entry.dims.push_back(spec);
    }
    data_indices[decl.name] = static_cast<int>(out.data.size());
    out.data.push_back(std::move(entry));
  }
  std::map<std::string, int> functions;
  for (const FunctionDef& fn : program.functions)
    functions.emplace(fn.name, static_cast<int>(functions.size()));
  for (const FunctionDef& fn : program.functions) {
    ir::Function lowered;
    lowered.name = fn.name;
    FrameLowering frame(program, functions, fn.slot_names, lowered.frame);
    // The parameters hold the frame's first slots.
    for (size_t i = 0; i < fn.params.size(); ++i) lowered.parameters.push_back(static_cast<ir::Slot>(i));
    lowered.frame.body = frame.body(fn.body);
    out.functions.push_back(std::move(lowered));
  }
  for (auto [source, target] : {std::pair{&program.model, &out.model},
                                std::pair{&program.guide, &out.guide}}) {
    if (!*source) continue;
    target->emplace();
    FrameLowering frame(program, functions, (*source)->slot_names, **target);
    frame.bind_data();
    (*target)->body = frame.body((*source)->body);
  }
  return out;
}

}  // namespace ppl::frontend
