#include "core/error.h"
#include "frontend/checker.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

#include "frontend/messages.h"
#include "frontend/shape_inference.h"
#include "frontend/source_text.h"
#include "ir/catalog.h"

namespace ppl::frontend {
namespace {

using namespace ast;

struct Symbol {
  Resolution kind = Resolution::Local;
  SourceLocation location;
  Type type;
  int slot = -1;  // where its frame holds the value; given by define() when -1
};

const char* describe_symbol(Resolution kind) {
  switch (kind) {
    case Resolution::Data: return "a data entry";
    case Resolution::Local: return "a let value";
    case Resolution::Site: return "a sample site";
    case Resolution::Param: return "a param";
    case Resolution::Deterministic: return "a deterministic site";
    case Resolution::Carry: return "a scan carry";
    case Resolution::SequenceElement: return "a scan sequence element";
    case Resolution::LoopIndex: return "a loop index";
    case Resolution::SubsampleIndex: return "a subsample index";
    case Resolution::FunctionParameter: return "a function parameter";
    case Resolution::StackedSite: return "a site stacked by scan";
    case Resolution::UserFunction: return "a function";
    default: return "a name";
  }
}

struct Scope {
  std::unordered_map<std::string, Symbol> symbols;
  // Plate, mask and scale bodies: sites, params and deterministics defined in
  // them stay visible after the block; `let` values do not.
  bool transparent = false;
};

// Where the checker is: which block, inside which loops and plates.
struct Context {
  BlockKind block = BlockKind::Model;
  const FunctionDef* function = nullptr;  // inside a fn body
  std::vector<std::string> plates;
  std::vector<Type> plate_sizes;          // the size's type (for static dims)
  std::vector<const Statement*> scans;
  int for_depth = 0;
  bool in_param_init = false;
};

class Checker {
 public:
  Checker(Program& program, const CheckOptions& options)
      : program_(program), options_(options), file_(program.file_name) {}
  ProgramSummary run();

 private:
  // --- scopes ---
  const Symbol* lookup(const std::string& name) const;
  // Defines a name in the innermost scope (a let) or the nearest one that is
  // not a plate, mask or scale; returns its slot, -1 after reporting a
  // redefinition.
  int define(const std::string& name, Symbol symbol);
  // A new slot of the current frame named `name`; new_slot reuses the slot
  // the other branch of an if gave the name.
  int new_slot(const std::string& name);
  int push_slot(const std::string& name);
  Scope& defining_scope();
  std::vector<std::string> visible_names() const;

  // --- statements ---
  void check_block(Block& block, Context& context);
  void check_statement(Statement& statement, Context& context);
  void check_sample(Statement& statement, Context& context);
  void check_param(Statement& statement, Context& context);
  void check_plate(Statement& statement, Context& context);
  void check_scan(Statement& statement, Context& context);
  void check_for(Statement& statement, Context& context);
  void check_if(Statement& statement, Context& context);
  // The sites a scan's body writes each step, in body order: directly, or
  // nested in plates, masks, scales, ifs and (unindexed) loops, and those an
  // inner scan stacked; y[t] ~ ... sites apart.
  void collect_step_sites(const Block& block, bool in_loop,
                          std::vector<ir::StackedSite>& step_sites,
                          std::vector<ir::StackedSite>& indexed_data_sites) const;
  bool is_data_name(const std::string& name) const;
  // A size written as a literal must be a whole number of elements.
  void require_size_literal(const Expr& expr, const std::string& what);
  // False (after reporting) when a site or plate already has the name.
  bool register_site(const std::string& name, SourceLocation at);

  // --- expressions ---
  Type check_expr(Expr& expr, Context& context);
  Type check_variable(Expr& expr);
  Type check_call(Expr& expr, Context& context);
  Type check_method(Expr& expr, Context& context);
  Type check_index(Expr& expr, Context& context);
  Type check_binary(Expr& expr, Context& context);
  void splice_array_list(Expr& call);
  bool order_arguments(Expr& call, const std::string& callee,
                       const std::vector<ir::ParamSpec>& params, bool variadic,
                       const std::vector<std::vector<std::string>>& exactly_one_of);
  void require_number(const Expr& expr, const std::string& what);
  // The string a call to a built-in with a text parameter may take (einsum's
  // subscripts): the argument in that parameter's place, if it is a string.
  const Expr* string_argument(const Expr& call) const;
  // Checks a text parameter's argument and, for einsum, the subscripts
  // against the operands' static shapes; returns the result type.
  Type check_text_call(Expr& call, const ir::FunctionSpec& spec);

  // --- program level ---
  void check_data();
  void check_functions();
  void check_model_guide_agreement();
  std::string shape_text(const Type& type) const;

  void report(Diagnostic diagnostic) { diagnostics_.push_back(std::move(diagnostic)); }

  Program& program_;
  CheckOptions options_;
  std::string file_;
  std::vector<Diagnostic> diagnostics_;
  std::vector<Scope> scopes_;
  std::map<std::string, SourceLocation> sites_;  // site names of the current block
  std::set<std::string> used_data_;  // data entries an expression, a size or a site uses
  const Expr* permitted_string_ = nullptr;  // the string argument of the call being checked
  void warn_unused_data();
  void report_recursion();
  // Plate names of the current block: a plate may be entered again by name,
  // but no site may share its name.
  std::map<std::string, SourceLocation> plates_;
  std::map<std::string, const FunctionDef*> functions_;
  const FunctionDef* checking_function_ = nullptr;  // the function whose body is checked
  // The slot names of the frame being checked (model, guide or function).
  std::vector<std::string>* frame_slots_ = nullptr;
  // Names the then-branch of an if defined, while its else-branch is
  // checked: the same name there takes the same slot.
  std::map<std::string, int> reuse_;
  ProgramSummary summary_;
};

// ---------------------------------------------------------------- scopes ----

const Symbol* Checker::lookup(const std::string& name) const {
  for (auto scope = scopes_.rbegin(); scope != scopes_.rend(); ++scope) {
    auto it = scope->symbols.find(name);
    if (it != scope->symbols.end()) return &it->second;
  }
  return nullptr;
}

Scope& Checker::defining_scope() {
  for (auto scope = scopes_.rbegin(); scope != scopes_.rend(); ++scope)
    if (!scope->transparent) return *scope;
  return scopes_.front();
}

int Checker::define(const std::string& name, Symbol symbol) {
  if (const Symbol* existing = lookup(name)) {
    report(messages::redefinition(file_, symbol.location, name, describe_symbol(existing->kind),
                                  existing->location));
    return -1;
  }
  if (functions_.count(name)) {
    report(messages::redefinition(file_, symbol.location, name, "a function",
                                  functions_[name]->location));
    return -1;
  }
  if (symbol.slot < 0) symbol.slot = new_slot(name);
  const int slot = symbol.slot;
  bool local = symbol.kind == Resolution::Local;
  (local ? scopes_.back() : defining_scope()).symbols[name] = std::move(symbol);
  return slot;
}

int Checker::new_slot(const std::string& name) {
  if (auto it = reuse_.find(name); it != reuse_.end()) return it->second;
  return push_slot(name);
}

int Checker::push_slot(const std::string& name) {
  if (!frame_slots_) return -1;  // outside a frame (data): the caller gives the slot
  frame_slots_->push_back(name);
  return static_cast<int>(frame_slots_->size()) - 1;
}

std::vector<std::string> Checker::visible_names() const {
  std::vector<std::string> names = ir::all_known_names();
  for (const Scope& scope : scopes_)
    for (const auto& [name, symbol] : scope.symbols) names.push_back(name);
  for (const auto& [name, fn] : functions_) names.push_back(name);
  return names;
}

std::string Checker::shape_text(const Type& type) const {
  if (!type.dims) return "?";
  return describe_dims(*type.dims);
}

// ------------------------------------------------------------ statements ----

void Checker::check_block(Block& block, Context& context) {
  for (StatementPtr& statement : block) check_statement(*statement, context);
}

bool Checker::register_site(const std::string& name, SourceLocation at) {
  if (auto plate = plates_.find(name); plate != plates_.end()) {
    report(messages::duplicate_site(file_, at, name, plate->second));
    return false;
  }
  auto [it, inserted] = sites_.emplace(name, at);
  if (!inserted) report(messages::duplicate_site(file_, at, name, it->second));
  return inserted;
}

void Checker::require_number(const Expr& expr, const std::string& what) {
  if (expr.type.kind == TypeKind::Distribution || expr.type.kind == TypeKind::Constraint ||
      expr.type.kind == TypeKind::Transform || expr.type.kind == TypeKind::DistributionList)
    report(messages::expected_number(file_, expr.location, what, kind_name(expr.type.kind)));
}

void Checker::check_statement(Statement& s, Context& context) {
  auto effect_in_function = [&](const std::string& what) {
    if (!context.function) return false;
    report(messages::effect_inside_function(file_, s.location, what, context.function->name));
    return true;
  };
  switch (s.kind) {
    case StatementKind::Let: {
      Type type = check_expr(*s.value, context);
      s.slot = define(s.name, Symbol{Resolution::Local, s.name_location, type});
      break;
    }
    case StatementKind::Assign: {
      check_expr(*s.value, context);
      const Symbol* symbol = lookup(s.name);
      if (!symbol && s.value->type.kind == TypeKind::Distribution) {
        report(messages::assign_distribution(file_, s.name_location, s.name));
        break;
      }
      require_number(*s.value, fmt::format("the new value of '{}'", s.name));
      if (!symbol) {
        report(messages::assign_to_undefined(file_, s.name_location, s.name,
                                             messages::closest(s.name, visible_names())));
        // Defined anyway, so its uses do not each report an undefined name.
        define(s.name, Symbol{Resolution::Local, s.name_location, s.value->type});
      } else if (symbol->kind != Resolution::Carry) {
        report(messages::assign_to_non_carry(file_, s.name_location, s.name));
      } else {
        s.slot = symbol->slot;
      }
      break;
    }
    case StatementKind::Sample:
      if (effect_in_function(fmt::format("sample site '{}'", s.name))) {
        // Defined anyway, so its uses do not each report an undefined name.
        define(s.name, Symbol{Resolution::Local, s.name_location, Type::unknown()});
        break;
      }
      check_sample(s, context);
      break;
    case StatementKind::Factor: {
      if (effect_in_function(fmt::format("factor '{}'", s.name))) break;
      check_expr(*s.value, context);
      require_number(*s.value, fmt::format("the value of factor '{}'", s.name));
      register_site(s.name, s.name_location);
      summary_.factors.push_back(s.name);
      break;
    }
    case StatementKind::Deterministic: {
      if (effect_in_function(fmt::format("deterministic site '{}'", s.name))) break;
      Type type = check_expr(*s.value, context);
      require_number(*s.value, fmt::format("the value of deterministic site '{}'", s.name));
      if (register_site(s.name, s.name_location))
        s.slot = define(s.name, Symbol{Resolution::Deterministic, s.name_location, type});
      summary_.deterministics.push_back(s.name);
      break;
    }
    case StatementKind::Param:
      if (context.function) {
        report(messages::param_outside_model_or_guide(file_, s.location, s.name));
        break;
      }
      check_param(s, context);
      break;
    case StatementKind::Plate:
      if (!effect_in_function("plate")) check_plate(s, context);
      break;
    case StatementKind::Scan:
      if (!effect_in_function("scan")) check_scan(s, context);
      break;
    case StatementKind::For:
      check_for(s, context);
      break;
    case StatementKind::Mask:
    case StatementKind::Scale: {
      if (effect_in_function(s.kind == StatementKind::Mask ? "mask" : "scale")) break;
      check_expr(*s.value, context);
      require_number(*s.value, s.kind == StatementKind::Mask ? "the mask condition"
                                                              : "the scale factor");
      scopes_.push_back(Scope{{}, true});
      check_block(s.body, context);
      scopes_.pop_back();
      break;
    }
    case StatementKind::If:
      check_if(s, context);
      break;
    case StatementKind::Return:
      if (!context.function) {
        report(messages::return_outside_function(file_, s.location));
        break;
      }
      check_expr(*s.value, context);
      require_number(*s.value, "a function's result");
      break;
  }
}

void Checker::check_sample(Statement& s, Context& context) {
  Type dist = check_expr(*s.value, context);
  if (dist.kind != TypeKind::Distribution && dist.kind != TypeKind::Unknown)
    report(messages::expected_distribution(file_, s.value->location,
                                           fmt::format("the right side of '{} ~'", s.name),
                                           describe(dist)));
  if (s.observed) {
    check_expr(*s.observed, context);
    require_number(*s.observed, "the observed value");
  }

  const DataDecl* data = nullptr;
  for (const DataDecl& d : program_.data)
    if (d.name == s.name) data = &d;
  if (data && !s.observed) used_data_.insert(data->name);

  if (!s.site_indices.empty()) {
    if (!data) report(messages::indexed_site_without_data(file_, s.name_location, s.name));
    if (context.scans.empty() && context.for_depth == 0)
      report(messages::indexed_site_outside_loop(file_, s.name_location, s.name));
    for (ExprPtr& index : s.site_indices) {
      check_expr(*index, context);
      require_number(*index, "an index");
    }
  }

  SiteSummary site;
  site.name = s.name;
  site.location = s.name_location;
  site.block = context.block;
  site.distribution = dist_name_of(*s.value);
  site.observed = s.observed != nullptr || (data && !data->optional);
  site.observed_if_data = !site.observed && data && data->optional;
  site.plates = context.plates;
  site.scan = context.scans.empty() ? std::string() : context.scans.back()->name;
  site.in_for_loop = context.for_depth > 0;

  Type value = s.observed ? s.observed->type : site_value_type(dist, context.plate_sizes);
  site.shape = shape_text(value);
  summary_.sites.push_back(site);

  const bool new_site = register_site(s.name, s.name_location);
  // A site named like data reads that data; one named like a carry of the
  // enclosing scan sets the carry for the next step. Neither defines a new name.
  const Symbol* existing = lookup(s.name);
  bool sets_carry = existing && existing->kind == Resolution::Carry;
  if (!s.site_indices.empty()) {
    // y[t] ~ ...: one step's value, which the enclosing scan stacks into y.
    s.slot = push_slot(s.name + "[step]");
  } else if (existing && (data || sets_carry)) {
    s.slot = existing->slot;
  } else if (new_site && !data && !sets_carry) {
    s.slot = define(s.name, Symbol{Resolution::Site, s.name_location, value});
  }
}

void Checker::check_param(Statement& s, Context& context) {
  ParamSummary param;
  param.name = s.name;
  param.location = s.name_location;
  param.block = context.block;
  param.constraint = "real";
  if (s.constraint) {
    const size_t errors_before = diagnostics_.size();
    Type constraint = check_expr(*s.constraint, context);
    // An undefined name has been reported already: one message per mistake.
    if (constraint.kind != TypeKind::Constraint && diagnostics_.size() == errors_before)
      report(messages::expected_constraint(file_, s.constraint->location, describe(constraint)));
    param.constraint = source_text_of(*s.constraint);
  }
  context.in_param_init = true;
  Type init = check_expr(*s.value, context);
  context.in_param_init = false;
  require_number(*s.value, fmt::format("the initial value of param '{}'", s.name));
  param.shape = shape_text(init);
  summary_.params.push_back(param);
  if (register_site(s.name, s.name_location))
    s.slot = define(s.name, Symbol{Resolution::Param, s.name_location, init});
}

void Checker::require_size_literal(const Expr& expr, const std::string& what) {
  // Only literals are known here; sizes computed from data are checked when run.
  const bool negative_integer = expr.kind == ExprKind::Integer && expr.integer_value < 0;
  const bool not_whole = expr.kind == ExprKind::Float &&
                         !(expr.float_value >= 0 && expr.float_value <= 9007199254740992.0 &&
                           expr.float_value == std::floor(expr.float_value));
  if (negative_integer || not_whole)
    report(messages::bad_size_literal(file_, expr.location, what, source_text_of(expr)));
}

void Checker::check_plate(Statement& s, Context& context) {
  check_expr(*s.size, context);
  require_number(*s.size, fmt::format("the size of plate '{}'", s.name));
  require_size_literal(*s.size, fmt::format("the size of plate '{}'", s.name));
  PlateSummary plate;
  plate.name = s.name;
  plate.location = s.name_location;
  plate.block = context.block;
  plate.size = source_text_of(*s.size);
  plate.dim = -1 - static_cast<int>(context.plates.size());
  s.plate_dim = plate.dim;
  if (auto site = sites_.find(s.name); site != sites_.end())
    report(messages::duplicate_site(file_, s.name_location, s.name, site->second));
  plates_.emplace(s.name, s.name_location);

  scopes_.push_back(Scope{{}, true});
  if (s.subsample_size) {
    check_expr(*s.subsample_size, context);
    require_number(*s.subsample_size, fmt::format("the subsample size of plate '{}'", s.name));
    require_size_literal(*s.subsample_size, fmt::format("the subsample size of plate '{}'", s.name));
    plate.subsample_size = source_text_of(*s.subsample_size);
    s.subsample_slot = push_slot(s.subsample_index);
    scopes_.back().symbols[s.subsample_index] =
        Symbol{Resolution::SubsampleIndex, s.subsample_index_location,
               Type::array(TypeKind::Int, {dim_of_size(*s.subsample_size)}), s.subsample_slot};
  }
  summary_.plates.push_back(plate);
  context.plates.push_back(s.name);
  // The batch size sites see (the subsample's, when subsampling) as a static dim.
  context.plate_sizes.push_back(Type::array(
      TypeKind::Int, {dim_of_size(s.subsample_size ? *s.subsample_size : *s.size)}));
  check_block(s.body, context);
  context.plates.pop_back();
  context.plate_sizes.pop_back();
  scopes_.pop_back();
}

void Checker::check_scan(Statement& s, Context& context) {
  check_expr(*s.size, context);
  check_expr(*s.range_high, context);
  require_number(*s.size, "the start of the scan range");
  require_number(*s.range_high, "the end of the scan range");
  ScanSummary scan;
  scan.index = s.name;
  scan.location = s.name_location;
  scan.block = context.block;
  scan.range = source_text_of(*s.size) + ":" + source_text_of(*s.range_high);

  std::vector<Type> carry_types;
  for (Binding& carry : s.carries) {
    carry_types.push_back(check_expr(*carry.value, context));
    require_number(*carry.value, fmt::format("the initial value of carry '{}'", carry.name));
    scan.carries.push_back(carry.name);
  }
  std::vector<Type> over_types;
  for (Binding& over : s.overs) {
    over_types.push_back(drop_leading_dim(check_expr(*over.value, context)));
    require_number(*over.value, fmt::format("the sequence '{}'", over.name));
    scan.overs.push_back(over.name);
  }

  // Sites are per step inside the body: a fresh registry, merged back stacked.
  std::map<std::string, SourceLocation> outer_sites = sites_;
  size_t first_site = summary_.sites.size();
  scopes_.push_back(Scope{});
  s.index_slot = define(s.name, Symbol{Resolution::LoopIndex, s.name_location, Type::scalar(TypeKind::Int)});
  for (size_t i = 0; i < s.carries.size(); ++i)
    s.carries[i].slot =
        define(s.carries[i].name, Symbol{Resolution::Carry, s.carries[i].location, carry_types[i]});
  for (size_t i = 0; i < s.overs.size(); ++i)
    s.overs[i].slot = define(s.overs[i].name,
                             Symbol{Resolution::SequenceElement, s.overs[i].location, over_types[i]});

  // The body's names are the step's own: none takes the slot of a name the
  // other branch of an enclosing if defined (only what the scan leaves
  // after it, its stacked sites and carries, may).
  std::map<std::string, int> branch_reuse = std::move(reuse_);
  reuse_.clear();
  context.scans.push_back(&s);
  check_block(s.body, context);
  context.scans.pop_back();
  reuse_ = std::move(branch_reuse);
  // What each step writes, in body order, with the slots it has in the step.
  std::vector<ir::StackedSite> step_sites, indexed_data_sites;
  collect_step_sites(s.body, false, step_sites, indexed_data_sites);
  std::map<std::string, Type> step_types;
  for (const auto& [name, symbol] : scopes_.back().symbols)
    if (symbol.kind == Resolution::Site || symbol.kind == Resolution::Carry ||
        symbol.kind == Resolution::Deterministic || symbol.kind == Resolution::StackedSite)
      step_types[name] = symbol.type;
  // Deterministics, and the sites an inner scan stacked: stacked once more
  // here, one leading dim per scan.
  std::set<std::string> step_deterministics;
  for (const auto& [name, symbol] : scopes_.back().symbols)
    if (symbol.kind == Resolution::Deterministic || symbol.kind == Resolution::StackedSite)
      step_deterministics.insert(name);
  scopes_.pop_back();

  // After the block: carries hold their final values; sites are stacked along time.
  Dim steps = range_length(*s.size, *s.range_high);
  std::set<std::string> stacked;
  for (size_t i = first_site; i < summary_.sites.size(); ++i) {
    const SiteSummary& site = summary_.sites[i];
    if (site.scan != s.name || site.block != context.block) continue;
    scan.sites.push_back(site.name);
    if (is_data_name(site.name) || stacked.count(site.name)) continue;
    stacked.insert(site.name);
  }
  for (const std::string& name : step_deterministics) {
    scan.sites.push_back(name);
    stacked.insert(name);
  }
  for (const auto& [name, at] : sites_) {
    if (!outer_sites.count(name)) outer_sites[name] = at;
  }
  sites_ = outer_sites;
  // y[t] ~ ... stacks into the data entry y; every other site into a slot
  // of its name after the scan (in an else-branch, the slot the then-branch
  // gave the name, so that either branch leaves it in one place).
  s.stacked.clear();
  const auto step_rank = [&](const std::string& name) {
    auto it = step_types.find(name);
    return it == step_types.end() ? -1 : it->second.rank().value_or(-1);
  };
  for (ir::StackedSite& site : indexed_data_sites) {
    const Symbol* data = lookup(site.name);
    site.step_rank = data ? data->type.rank().value_or(0) - 1 : -1;
    site.stacked_slot = data ? data->slot : -1;
    s.stacked.push_back(site);
  }
  std::set<std::string> stacked_names;
  for (ir::StackedSite site : step_sites) {
    site.stacked_slot = new_slot(site.name);
    site.step_rank = step_rank(site.name);
    stacked_names.insert(site.name);
    s.stacked.push_back(site);
    if (stacked.count(site.name))
      define(site.name, Symbol{Resolution::StackedSite, sites_[site.name],
                               prepend_dim(steps, step_types[site.name]), site.stacked_slot});
  }
  // A carry keeps its final value, in its slot, unless a site of its name is stacked.
  for (size_t i = 0; i < s.carries.size(); ++i) {
    if (stacked.count(s.carries[i].name) || stacked_names.count(s.carries[i].name)) continue;
    define(s.carries[i].name,
           Symbol{Resolution::Carry, s.carries[i].location, carry_types[i], s.carries[i].slot});
  }
  summary_.scans.push_back(scan);
}

bool Checker::is_data_name(const std::string& name) const {
  return std::any_of(program_.data.begin(), program_.data.end(),
                     [&](const DataDecl& d) { return d.name == name; });
}

void Checker::collect_step_sites(const Block& block, bool in_loop,
                                 std::vector<ir::StackedSite>& step_sites,
                                 std::vector<ir::StackedSite>& indexed_data_sites) const {
  auto add = [](std::vector<ir::StackedSite>& list, const std::string& name, int slot) {
    for (const ir::StackedSite& known : list)
      if (known.name == name) return;
    list.push_back({name, slot, -1});
  };
  for (const StatementPtr& st : block) {
    const bool indexed = !st->site_indices.empty();
    const bool is_site = (st->kind == StatementKind::Sample && (!is_data_name(st->name) || indexed)) ||
                         st->kind == StatementKind::Deterministic;
    if (is_site && !(in_loop && indexed))
      add(indexed ? indexed_data_sites : step_sites, st->name, st->slot);
    if (st->kind == StatementKind::Plate || st->kind == StatementKind::Mask ||
        st->kind == StatementKind::Scale || st->kind == StatementKind::If ||
        st->kind == StatementKind::For) {
      const bool loop = in_loop || st->kind == StatementKind::For;
      collect_step_sites(st->body, loop, step_sites, indexed_data_sites);
      collect_step_sites(st->else_body, loop, step_sites, indexed_data_sites);
    }
    if (st->kind == StatementKind::Scan)
      for (const ir::StackedSite& inner : st->stacked)
        if (inner.stacked_slot >= 0 && !is_data_name(inner.name))
          add(step_sites, inner.name, inner.stacked_slot);
  }
}

void Checker::check_for(Statement& s, Context& context) {
  check_expr(*s.size, context);
  check_expr(*s.range_high, context);
  require_number(*s.size, "the start of the loop range");
  require_number(*s.range_high, "the end of the loop range");
  scopes_.push_back(Scope{});
  s.index_slot = define(s.name, Symbol{Resolution::LoopIndex, s.name_location, Type::scalar(TypeKind::Int)});
  ++context.for_depth;
  check_block(s.body, context);
  --context.for_depth;
  scopes_.pop_back();
}

void Checker::check_if(Statement& s, Context& context) {
  check_expr(*s.value, context);
  require_number(*s.value, "the condition of 'if'");
  // Each branch gets its own scope and site registry; a name defined in both
  // branches is defined after the statement, and a site may appear in both.
  std::map<std::string, SourceLocation> before = sites_;
  scopes_.push_back(Scope{});
  check_block(s.body, context);
  Scope then_scope = std::move(scopes_.back());
  scopes_.pop_back();
  std::map<std::string, SourceLocation> then_sites = sites_;
  sites_ = before;

  // A name the then-branch defined takes the same slot in the else-branch.
  Scope else_scope;
  if (s.has_else) {
    std::map<std::string, int> saved_reuse = reuse_;
    for (const auto& [name, symbol] : then_scope.symbols) reuse_[name] = symbol.slot;
    scopes_.push_back(Scope{});
    check_block(s.else_body, context);
    else_scope = std::move(scopes_.back());
    scopes_.pop_back();
    reuse_ = std::move(saved_reuse);
  }
  for (const auto& [name, at] : then_sites) sites_.emplace(name, at);
  for (auto& [name, symbol] : then_scope.symbols) {
    if (else_scope.symbols.count(name)) defining_scope().symbols[name] = symbol;
  }
}

// ----------------------------------------------------------- expressions ----

Type Checker::check_variable(Expr& e) {
  if (const Symbol* symbol = lookup(e.name)) {
    e.resolution = symbol->kind;
    e.slot = symbol->slot;
    if (symbol->kind == Resolution::Data) used_data_.insert(e.name);
    return symbol->type;
  }
  if (const ir::ConstraintSpec* spec = ir::find_constraint(e.name); spec && spec->params.empty()) {
    e.resolution = Resolution::Constraint;
    e.spec = spec;
    return Type::of_kind(TypeKind::Constraint);
  }
  if (functions_.count(e.name) || ir::find_function(e.name) || ir::find_distribution(e.name)) {
    report(messages::function_used_as_value(file_, e.location, e.name));
    return Type::unknown();
  }
  if (checking_function_ && is_data_name(e.name)) {
    report(messages::data_in_function(file_, e.location, e.name, checking_function_->name));
    return Type::unknown();
  }
  if (plates_.count(e.name)) {
    report(messages::plate_used_as_value(file_, e.location, e.name));
    return Type::unknown();
  }
  report(messages::undefined_name(file_, e.location, e.name,
                                  messages::closest(e.name, visible_names())));
  return Type::unknown();
}

void Checker::splice_array_list(Expr& call) {
  // NumPy's stack([a, b], axis=0) and concat([a, b]) take their arrays as a
  // list: the list's elements become the arrays, as in stack(a, b), rather
  // than one array stacked from them.
  const ir::FunctionSpec* spec = ir::find_function(call.name);
  if (!spec || !spec->variadic || functions_.count(call.name) || spec->params[0].text) return;
  std::vector<Argument>& arguments = call.arguments;
  auto first = std::find_if(arguments.begin(), arguments.end(),
                            [](const Argument& a) { return a.name.empty(); });
  bool named_first = false;
  for (const Argument& a : arguments)
    if (a.name == spec->params[0].name) named_first = true;
  Argument* list = nullptr;
  if (first != arguments.end() && first->value->kind == ExprKind::ArrayLiteral) list = &*first;
  for (Argument& a : arguments)
    if (a.name == spec->params[0].name && a.value->kind == ExprKind::ArrayLiteral) list = &a;
  if (!list) return;
  size_t positional = std::count_if(arguments.begin(), arguments.end(),
                                    [](const Argument& a) { return a.name.empty(); });
  if (positional + (named_first ? 1 : 0) > 1) {
    report(messages::arrays_as_list_and_arguments(file_, call.location, call.name));
    return;
  }
  if (list->value->operands.empty()) return;  // stack([]): the checker's own message
  std::vector<Argument> spliced;
  for (ExprPtr& element : list->value->operands) {
    Argument a;
    a.value = std::move(element);
    spliced.push_back(std::move(a));
  }
  for (Argument& a : arguments)
    if (&a != list) spliced.push_back(std::move(a));
  arguments = std::move(spliced);
}

bool Checker::order_arguments(Expr& call, const std::string& callee,
                              const std::vector<ir::ParamSpec>& params, bool variadic,
                              const std::vector<std::vector<std::string>>& exactly_one_of) {
  bool ok = true;
  call.ordered_arguments.assign(params.size(), nullptr);
  size_t positional = 0;
  bool seen_named = false;
  std::vector<const Expr*> extra_variadic;
  // The parameter that repeats: the first that is not text.
  size_t repeated = 0;
  while (repeated < params.size() && params[repeated].text) ++repeated;
  for (Argument& argument : call.arguments) {
    if (argument.name.empty()) {
      if (seen_named) {
        report(messages::positional_after_named(file_, argument.value->location, callee));
        ok = false;
        continue;
      }
      if (variadic && positional > repeated) {
        extra_variadic.push_back(argument.value.get());
        ++positional;
        continue;
      }
      if (positional >= params.size()) {
        report(messages::too_many_arguments(file_, argument.value->location, callee,
                                            params.size(), call.arguments.size(),
                                            ir::parameter_list(params)));
        return false;
      }
      call.ordered_arguments[positional++] = argument.value.get();
      continue;
    }
    seen_named = true;
    auto it = std::find_if(params.begin(), params.end(),
                           [&](const ir::ParamSpec& p) { return p.name == argument.name; });
    if (it == params.end()) {
      std::vector<std::string> names;
      for (const ir::ParamSpec& p : params) names.push_back(p.name);
      report(messages::unknown_argument(file_, argument.name_location, callee, argument.name,
                                        messages::closest(argument.name, names),
                                        ir::parameter_list(params)));
      ok = false;
      continue;
    }
    size_t slot = static_cast<size_t>(it - params.begin());
    if (call.ordered_arguments[slot]) {
      report(messages::duplicate_argument(file_, argument.name_location, callee, argument.name));
      ok = false;
      continue;
    }
    call.ordered_arguments[slot] = argument.value.get();
  }
  // Variadic extras (concat(a, b, c)) follow the declared parameters.
  for (const Expr* extra : extra_variadic) call.ordered_arguments.push_back(extra);
  if (!ok) return false;

  for (size_t i = 0; i < params.size(); ++i) {
    if (params[i].presence == ir::Presence::Required && !call.ordered_arguments[i]) {
      report(messages::missing_argument(file_, call.location, callee, params[i].name));
      ok = false;
    }
  }
  for (const auto& group : exactly_one_of) {
    size_t given = 0;
    for (size_t i = 0; i < params.size(); ++i)
      if (call.ordered_arguments[i] &&
          std::find(group.begin(), group.end(), params[i].name) != group.end())
        ++given;
    if (given != 1) {
      report(messages::exactly_one_of(file_, call.location, callee, group, given));
      ok = false;
    }
  }
  return ok;
}

const Expr* Checker::string_argument(const Expr& call) const {
  if (functions_.count(call.name)) return nullptr;
  const ir::FunctionSpec* spec = ir::find_function(call.name);
  if (!spec || spec->params.empty() || !spec->params[0].text) return nullptr;
  for (const Argument& argument : call.arguments)
    if (argument.name == spec->params[0].name) return argument.value.get();
  for (const Argument& argument : call.arguments)
    if (argument.name.empty()) return argument.value.get();
  return nullptr;
}

Type Checker::check_text_call(Expr& e, const ir::FunctionSpec& spec) {
  const Expr* text = e.ordered_arguments[0];
  if (text->kind != ExprKind::String) {
    report(messages::text_argument_expected(file_, text->location, e.name, spec.params[0].name));
    return Type::unknown();
  }
  std::vector<const Expr*> operands;
  for (size_t i = 1; i < e.ordered_arguments.size(); ++i)
    if (e.ordered_arguments[i]) operands.push_back(e.ordered_arguments[i]);
  std::string problem;
  Type result = einsum_result_type(text->name, operands, problem);
  if (!problem.empty()) report(messages::bad_einsum_subscripts(file_, text->location, problem));
  return result;
}

Type Checker::check_call(Expr& e, Context& context) {
  splice_array_list(e);
  const Expr* outer_permitted = permitted_string_;
  permitted_string_ = string_argument(e);
  for (Argument& argument : e.arguments) check_expr(*argument.value, context);
  permitted_string_ = outer_permitted;

  if (auto it = functions_.find(e.name); it != functions_.end()) {
    e.resolution = Resolution::UserFunction;
    const FunctionDef* fn = it->second;
    for (const Argument& argument : e.arguments) {
      if (!argument.name.empty()) {
        report(messages::named_argument_to_user_function(file_, argument.name_location, e.name));
        return Type::of_kind(TypeKind::Real);
      }
    }
    if (e.arguments.size() != fn->params.size())
      report(messages::user_function_arity(file_, e.location, e.name, fn->params.size(),
                                           e.arguments.size()));
    for (Argument& argument : e.arguments) e.ordered_arguments.push_back(argument.value.get());
    return Type::of_kind(TypeKind::Real);
  }
  if (const ir::DistributionSpec* spec = ir::find_distribution(e.name)) {
    e.resolution = Resolution::Distribution;
    e.spec = spec;
    order_arguments(e, e.name, spec->params, false, spec->exactly_one_of);
    return distribution_type(*spec, e.ordered_arguments);
  }
  if (const ir::FunctionSpec* spec = ir::find_function(e.name)) {
    e.resolution = Resolution::BuiltinFunction;
    e.spec = spec;
    if (spec->only_in_param_init && !context.in_param_init)
      report(messages::initializer_outside_param(file_, e.location, e.name));
    if (!order_arguments(e, e.name, spec->params, spec->variadic, {})) return Type::unknown();
    for (size_t i = 0; i < e.ordered_arguments.size(); ++i)
      if (e.ordered_arguments[i] && !(i < spec->params.size() && spec->params[i].text))
        require_number(*e.ordered_arguments[i], fmt::format("an argument of {}", e.name));
    if (spec->result == ir::ResultRule::Einsum) return check_text_call(e, *spec);
    return builtin_result_type(*spec, e.ordered_arguments);
  }
  if (const ir::ConstraintSpec* spec = ir::find_constraint(e.name)) {
    if (spec->params.empty()) {
      report(messages::not_callable(file_, e.location, e.name, "a constraint"));
      diagnostics_.back().notes.push_back(fmt::format("write it without parentheses: {}", e.name));
      return Type::of_kind(TypeKind::Constraint);
    }
    e.resolution = Resolution::ConstraintCall;
    e.spec = spec;
    order_arguments(e, e.name, spec->params, false, {});
    return Type::of_kind(TypeKind::Constraint);
  }
  if (const ir::TransformSpec* spec = ir::find_transform(e.name)) {
    e.resolution = Resolution::Transform;
    e.spec = spec;
    order_arguments(e, e.name, spec->params, false, {});
    return Type::of_kind(TypeKind::Transform);
  }
  if (const Symbol* symbol = lookup(e.name)) {
    report(messages::not_callable(file_, e.name_location, e.name, describe_symbol(symbol->kind)));
    return Type::unknown();
  }
  std::vector<std::string> callables;
  for (const auto& d : ir::distributions()) callables.push_back(d.name);
  for (const auto& f : ir::functions()) callables.push_back(f.name);
  for (const auto& c : ir::constraints()) callables.push_back(c.name);
  for (const auto& t : ir::transforms()) callables.push_back(t.name);
  for (const auto& [name, fn] : functions_) callables.push_back(name);
  report(messages::unknown_callable(file_, e.name_location, e.name,
                                    messages::closest(e.name, callables)));
  return Type::unknown();
}

Type Checker::check_method(Expr& e, Context& context) {
  Type receiver = check_expr(*e.operands[0], context);
  for (Argument& argument : e.arguments) check_expr(*argument.value, context);
  const ir::MethodSpec* spec = ir::find_distribution_method(e.name);
  if (!spec) {
    std::vector<std::string> names;
    for (const auto& m : ir::distribution_methods()) names.push_back(m.name);
    report(messages::unknown_method(file_, e.name_location, e.name, messages::closest(e.name, names)));
    return Type::unknown();
  }
  if (receiver.kind != TypeKind::Distribution && receiver.kind != TypeKind::Unknown) {
    report(messages::method_on_non_distribution(file_, e.name_location, e.name, describe(receiver)));
    return Type::unknown();
  }
  e.spec = spec;
  if (!order_arguments(e, "." + e.name, spec->params, false, {})) return Type::unknown();
  return method_result_type(*spec, receiver, e.ordered_arguments);
}

Type Checker::check_index(Expr& e, Context& context) {
  Type receiver = check_expr(*e.operands[0], context);
  require_number(*e.operands[0], "an indexed value");
  for (IndexItem& item : e.indices) {
    for (ExprPtr* part : {&item.index, &item.low, &item.high, &item.step}) {
      if (*part) {
        check_expr(**part, context);
        require_number(**part, "an index");
      }
    }
  }
  // The axes the entries take: a mask as many as its rank, None and ... none.
  size_t taken = 0, ellipses = 0;
  for (const IndexItem& item : e.indices) {
    if (item.ellipsis) ++ellipses;
    if (item.new_axis || item.ellipsis) continue;
    const bool mask = item.index && item.index->type.kind == TypeKind::Bool;
    const int index_rank = item.index ? item.index->type.rank().value_or(-1) : 0;
    taken += mask && index_rank > 0 ? index_rank : 1;
  }
  if (ellipses > 1) {
    report(messages::two_ellipses(file_, e.location));
    return Type::unknown();
  }
  if (receiver.rank() && taken > static_cast<size_t>(*receiver.rank())) {
    std::string name = e.operands[0]->kind == ExprKind::Variable ? e.operands[0]->name
                                                                   : std::string("this value");
    report(messages::too_many_indices(file_, e.location, name, describe(receiver), *receiver.rank(),
                                      taken));
    return Type::unknown();
  }
  return index_result_type(receiver, e.indices);
}

Type Checker::check_binary(Expr& e, Context& context) {
  Type left = check_expr(*e.operands[0], context);
  Type right = check_expr(*e.operands[1], context);
  std::string op = source_spelling(e.binary_op);
  for (const ExprPtr& operand : e.operands) {
    if (operand->type.kind == TypeKind::Distribution) {
      report(messages::expected_number(file_, operand->location,
                                       fmt::format("an operand of '{}'", op), "a distribution"));
      diagnostics_.back().notes.push_back(
          "to use a density, call its log_prob method: Normal(0, 1).log_prob(x)");
      return Type::unknown();
    }
    require_number(*operand, fmt::format("an operand of '{}'", op));
  }
  if (e.binary_op == BinaryOp::MatMul) {
    auto result = matmul_type(left, right);
    if (!result) {
      report(messages::matmul_mismatch(file_, e.location, describe(left), describe(right)));
      return Type::unknown();
    }
    return *result;
  }
  Broadcast broadcast = broadcast_dims(left, right);
  if (broadcast.clash) {
    report(messages::broadcast_mismatch(file_, e.location, op, describe(left), describe(right)));
    return Type::unknown();
  }
  return Type{binary_result_kind(e.binary_op, left.kind, right.kind), broadcast.dims, {}};
}

Type Checker::check_expr(Expr& e, Context& context) {
  Type type;
  switch (e.kind) {
    case ExprKind::Float: type = Type::scalar(TypeKind::Real); break;
    case ExprKind::Integer: type = Type::scalar(TypeKind::Int); break;
    case ExprKind::Boolean: type = Type::scalar(TypeKind::Bool); break;
    case ExprKind::String:
      if (&e != permitted_string_) report(messages::string_not_subscripts(file_, e.location));
      type = Type::of_kind(TypeKind::String);
      break;
    case ExprKind::Variable: type = check_variable(e); break;
    case ExprKind::ArrayLiteral: {
      std::vector<Type> elements;
      for (ExprPtr& element : e.operands) elements.push_back(check_expr(*element, context));
      // [t1, t2]: transforms applied in turn; [d1, d2]: Mixture's components.
      for (TypeKind listed : {TypeKind::Transform, TypeKind::Distribution}) {
        if (elements.empty() || elements[0].kind != listed) continue;
        for (size_t i = 1; i < elements.size(); ++i)
          if (elements[i].kind != listed)
            report(messages::mixed_list(file_, e.operands[i]->location, kind_name(listed),
                                        kind_name(elements[i].kind)));
        type = Type::of_kind(listed == TypeKind::Transform ? TypeKind::Transform
                                                           : TypeKind::DistributionList);
        break;
      }
      if (type.kind != TypeKind::Unknown) break;
      for (ExprPtr& element : e.operands) require_number(*element, "an array element");
      type = array_literal_type(elements);
      break;
    }
    case ExprKind::Unary: {
      Type operand = check_expr(*e.operands[0], context);
      require_number(*e.operands[0], fmt::format("the operand of '{}'", spelling(e.unary_op)));
      type = operand;
      if (e.unary_op == UnaryOp::Not) type.kind = TypeKind::Bool;
      else if (type.kind == TypeKind::Bool) type.kind = TypeKind::Int;
      break;
    }
    case ExprKind::Binary: type = check_binary(e, context); break;
    case ExprKind::Call: type = check_call(e, context); break;
    case ExprKind::MethodCall: type = check_method(e, context); break;
    case ExprKind::Index: type = check_index(e, context); break;
  }
  e.type = type;
  return type;
}

// --------------------------------------------------------- program level ----

void Checker::check_data() {
  std::map<std::string, const DataDecl*> declared;
  for (DataDecl& decl : program_.data) {
    if (decl.element_type != "int" && decl.element_type != "real" && decl.element_type != "bool")
      report(messages::unknown_data_type(file_, decl.element_type_location, decl.element_type,
                                         messages::closest(decl.element_type,
                                                           {"int", "real", "bool"})));
    std::vector<Dim> dims;
    for (ExprPtr& dim : decl.dims) {
      if (dim->kind == ExprKind::Integer) {
        dims.push_back(Dim::known(dim->integer_value));
      } else if (dim->kind == ExprKind::Variable) {
        auto it = declared.find(dim->name);
        if (it == declared.end()) {
          report(messages::data_size_undeclared(file_, dim->location, decl.name, dim->name));
        } else if (it->second->element_type != "int" || !it->second->dims.empty()) {
          report(messages::data_size_not_int(
              file_, dim->location, decl.name, dim->name,
              it->second->element_type + (it->second->dims.empty() ? "" : " array")));
        } else {
          dim->resolution = Resolution::Data;
          used_data_.insert(dim->name);
        }
        dims.push_back(Dim::named(dim->name));
      } else {
        report(messages::data_size_not_simple(file_, dim->location, decl.name));
        dims.push_back(Dim::unknown());
      }
    }
    TypeKind kind = decl.element_type == "int"    ? TypeKind::Int
                    : decl.element_type == "bool" ? TypeKind::Bool
                                                  : TypeKind::Real;
    Type type = Type::array(kind, dims);
    // Every frame of the model and guide holds the data in its first slots.
    define(decl.name, Symbol{Resolution::Data, decl.location, type,
                             static_cast<int>(&decl - program_.data.data())});
    declared[decl.name] = &decl;
    summary_.data.push_back(
        DataSummary{decl.name, decl.element_type + (dims.empty() ? "" : describe_dims(dims)),
                    decl.optional});
  }
}

void Checker::check_functions() {
  for (const FunctionDef& fn : program_.functions) {
    if (ir::find_function(fn.name) || ir::find_distribution(fn.name) ||
        ir::find_constraint(fn.name) || ir::find_transform(fn.name)) {
      report(messages::function_shadows_builtin(file_, fn.location, fn.name));
      continue;
    }
    if (auto it = functions_.find(fn.name); it != functions_.end()) {
      report(messages::redefinition(file_, fn.location, fn.name, "a function", it->second->location));
      continue;
    }
    if (const Symbol* symbol = lookup(fn.name)) {
      report(messages::redefinition(file_, fn.location, fn.name, describe_symbol(symbol->kind),
                                    symbol->location));
      continue;
    }
    functions_[fn.name] = &fn;
    summary_.functions.push_back(fn.name);
  }
  for (FunctionDef& fn : program_.functions) {
    if (functions_[fn.name] != &fn) continue;
    Context context;
    context.function = &fn;
    file_ = fn.file;
    // A function sees its arguments and its own names, not the data.
    std::vector<Scope> outside = std::move(scopes_);
    scopes_.assign(1, Scope{});
    checking_function_ = &fn;
    fn.slot_names.clear();
    frame_slots_ = &fn.slot_names;
    for (size_t i = 0; i < fn.params.size(); ++i)
      define(fn.params[i], Symbol{Resolution::FunctionParameter, fn.param_locations[i],
                                  Type::of_kind(TypeKind::Real)});
    check_block(fn.body, context);
    checking_function_ = nullptr;
    frame_slots_ = nullptr;
    scopes_ = std::move(outside);
    if (fn.body.empty() || fn.body.back()->kind != StatementKind::Return)
      report(messages::missing_return(file_, fn.location, fn.name));
  }
  report_recursion();
}

void Checker::report_recursion() {
  // The user functions each calls, with the first call's place: a cycle,
  // direct or through others, would never finish.
  std::map<std::string, std::vector<std::pair<std::string, SourceLocation>>> calls;
  std::function<void(const Expr&, const std::string&)> expr_calls = [&](const Expr& e,
                                                                        const std::string& caller) {
    auto callee = functions_.find(e.name);
    if (e.kind == ExprKind::Call && callee != functions_.end() && callee->second)
      calls[caller].push_back({e.name, e.location});
    for (const ExprPtr& operand : e.operands) expr_calls(*operand, caller);
    for (const Argument& argument : e.arguments) expr_calls(*argument.value, caller);
    for (const IndexItem& item : e.indices)
      for (const ExprPtr* part : {&item.index, &item.low, &item.high, &item.step})
        if (*part) expr_calls(**part, caller);
  };
  std::function<void(const Block&, const std::string&)> block_calls = [&](const Block& block,
                                                                          const std::string& caller) {
    for (const StatementPtr& st : block) {
      for (const ExprPtr* part : {&st->value, &st->observed, &st->size, &st->range_high})
        if (*part) expr_calls(**part, caller);
      for (const std::vector<Binding>* bindings : {&st->carries, &st->overs})
        for (const Binding& b : *bindings)
          if (b.value) expr_calls(*b.value, caller);
      block_calls(st->body, caller);
      block_calls(st->else_body, caller);
    }
  };
  for (const auto& [name, fn] : functions_)
    if (fn) block_calls(fn->body, name);
  for (const auto& entry : functions_) {
    // Not a structured binding: the lambda below captures the name.
    const std::string& name = entry.first;
    const auto& fn = entry.second;
    if (!fn) continue;  // a definition already refused
    // Depth-first from each call of `name`, keeping the path for the message.
    std::vector<std::string> path;
    std::set<std::string> seen;
    std::function<bool(const std::string&)> reaches = [&](const std::string& at) {
      for (const auto& [callee, where] : calls[at]) {
        if (callee == name) return true;
        if (!seen.insert(callee).second) continue;
        path.push_back(callee);
        if (reaches(callee)) return true;
        path.pop_back();
      }
      return false;
    };
    if (!reaches(name)) continue;
    file_ = fn->file;
    SourceLocation first_call = calls[name].front().second;
    for (const auto& [callee, where] : calls[name])
      if (callee == (path.empty() ? name : path.front())) {
        first_call = where;
        break;
      }
    report(messages::recursive_function(file_, first_call, name, path));
  }
}

void Checker::check_model_guide_agreement() {
  std::map<std::string, const SiteSummary*> model_latents;
  std::vector<std::string> model_names;
  for (const SiteSummary& site : summary_.sites) {
    if (site.block != BlockKind::Model || site.observed || site.observed_if_data) continue;
    model_latents.emplace(site.name, &site);
    model_names.push_back(site.name);
  }
  std::set<std::string> guide_sites;
  for (const SiteSummary& site : summary_.sites)
    if (site.block == BlockKind::Guide && !site.observed) guide_sites.insert(site.name);
  std::vector<std::string> unguided;  // model latents the guide does not sample
  for (const std::string& name : model_names)
    if (!guide_sites.count(name)) unguided.push_back(name);
  // A guide site the model lacks is auxiliary (it enters log q, as in
  // NumPyro), unless it is one edit from a model latent the guide misses:
  // then it is that site misspelt.
  for (const SiteSummary& site : summary_.sites) {
    if (site.block != BlockKind::Guide || site.observed || model_latents.count(site.name))
      continue;
    if (messages::Suggestion misspelt = messages::closest(site.name, unguided))
      report(messages::guide_site_not_in_model(file_, site.location, site.name, misspelt));
  }
  if (!options_.guide_covers_every_latent) return;
  for (const auto& [name, site] : model_latents)
    if (!guide_sites.count(name))
      report(messages::model_latent_not_in_guide(program_.model->file, site->location, name));
}

void Checker::warn_unused_data() {
  // A data entry nothing reads is almost always a misspelt site: the data
  // then never reach the model, and a fit silently samples the prior.
  std::vector<std::string> site_names;
  for (const SiteSummary& site : summary_.sites)
    if (!site.observed) site_names.push_back(site.name);
  for (const DataDecl& decl : program_.data) {
    if (used_data_.count(decl.name)) continue;
    messages::Suggestion site = messages::closest(decl.name, site_names);
    // Short names are rarely within an edit of a slip; a latent site that
    // extends the name (yy, y_obs) is the likely one.
    for (const std::string& name : site_names)
      if (!site && (name.rfind(decl.name, 0) == 0 ||
                    (name.size() > decl.name.size() &&
                     name.compare(name.size() - decl.name.size(), decl.name.size(), decl.name) == 0)))
        site = name;
    summary_.warnings.push_back(
        messages::unused_data(program_.file_name, decl.location, decl.name, site));
  }
}

ProgramSummary Checker::run() {
  summary_.file_name = file_;
  summary_.has_model = program_.model.has_value();
  summary_.has_guide = program_.guide.has_value();
  if (!program_.model && !program_.guide) {
    report(messages::empty_program(file_));
    throw Error(diagnostics_);
  }
  scopes_.push_back(Scope{});
  check_data();
  check_functions();
  for (auto [block, kind] : {std::pair{&program_.model, BlockKind::Model},
                             std::pair{&program_.guide, BlockKind::Guide}}) {
    if (!*block) continue;
    Context context;
    context.block = kind;
    file_ = (*block)->file;
    sites_.clear();
    plates_.clear();
    (*block)->slot_names.clear();
    for (const DataDecl& decl : program_.data) (*block)->slot_names.push_back(decl.name);
    frame_slots_ = &(*block)->slot_names;
    scopes_.push_back(Scope{});
    check_block((*block)->body, context);
    scopes_.pop_back();
    frame_slots_ = nullptr;
  }
  if (program_.model && program_.guide) {
    file_ = program_.guide->file;
    check_model_guide_agreement();
  }
  warn_unused_data();
  if (!diagnostics_.empty()) {
    std::stable_sort(diagnostics_.begin(), diagnostics_.end(),
                     [](const Diagnostic& a, const Diagnostic& b) {
                       return std::pair(a.location.line, a.location.column) <
                              std::pair(b.location.line, b.location.column);
                     });
    throw Error(diagnostics_);
  }
  return summary_;
}

}  // namespace

ProgramSummary check_program(ast::Program& program, const CheckOptions& options) {
  return Checker(program, options).run();
}

void merge_guide_file(ast::Program& model, ast::Program&& guide_file, bool replace_model_guide) {
  std::vector<Diagnostic> diagnostics;
  const std::string& file = guide_file.file_name;
  if (!guide_file.guide)
    diagnostics.push_back(messages::guide_file_without_guide(file));
  if (guide_file.model)
    diagnostics.push_back(messages::guide_file_with_model(file, guide_file.model->location));
  if (model.guide && guide_file.guide && !replace_model_guide)
    diagnostics.push_back(messages::two_guides(file, guide_file.guide->location, model.file_name,
                                               model.guide->location));
  for (DataDecl& decl : guide_file.data) {
    auto it = std::find_if(model.data.begin(), model.data.end(),
                           [&](const DataDecl& d) { return d.name == decl.name; });
    if (it == model.data.end()) {
      diagnostics.push_back(messages::guide_data_not_in_model(file, decl.location, decl.name));
    } else if (it->element_type != decl.element_type || it->dims.size() != decl.dims.size()) {
      diagnostics.push_back(messages::guide_data_disagrees(file, decl.location, decl.name,
                                                           model.file_name, it->location));
    }
  }
  if (!diagnostics.empty()) throw Error(std::move(diagnostics));
  for (FunctionDef& fn : guide_file.functions) model.functions.push_back(std::move(fn));
  model.guide = std::move(guide_file.guide);
}

}  // namespace ppl::frontend
