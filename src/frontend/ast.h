#pragma once
// The abstract syntax tree of a .ppl file. Every node carries its source
// location; the checker fills in each expression's type.
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/source_location.h"
#include "frontend/types.h"
#include "ir/catalog.h"
#include "ir/ir.h"

namespace ppl::ast {

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

enum class ExprKind {
  Float,         // 1.5
  Integer,       // 3
  Boolean,       // true
  Variable,      // mu
  ArrayLiteral,  // [a, b]
  Unary,         // -x, not x
  Binary,        // a + b, a @ b, a and b
  Call,          // Normal(0, 1), exp(x), mlp(x, W)
  MethodCall,    // d.to_event(1)
  Index,         // x[i, 1:3]
  String,        // "ij,jk->ik" (its text in `name`): only einsum's subscripts
};

// What a name refers to, decided by the checker.
enum class Resolution {
  Unresolved,
  Data, Local, Site, Param, Deterministic, Carry, SequenceElement, LoopIndex, SubsampleIndex,
  FunctionParameter, StackedSite, Constraint,                      // variables
  Distribution, BuiltinFunction, ConstraintCall, Transform, UserFunction,  // callees
};

enum class UnaryOp { Negate, Plus, Not };
// The IR's operators: the language has no binary operator the IR lacks.
using BinaryOp = ir::BinaryOp;

const char* spelling(UnaryOp op);
// As written in a program ("+", "@", "and"); ir::spelling gives the IR's names.
const char* source_spelling(BinaryOp op);

struct Argument {
  std::string name;  // empty for a positional argument
  SourceLocation name_location;
  ExprPtr value;
};

// One entry of x[...], as NumPy's: a single index (an integer, an integer
// array or a boolean mask), a slice low:high:step with each part optional,
// None (a new axis of length 1) or ... (every axis no other entry takes).
struct IndexItem {
  bool is_slice = false;
  bool new_axis = false;
  bool ellipsis = false;
  ExprPtr index;  // single index
  ExprPtr low;    // slice parts, may be null
  ExprPtr high;
  ExprPtr step;
  SourceLocation location;
};

struct Expr {
  ExprKind kind;
  SourceLocation location;

  double float_value = 0;
  long long integer_value = 0;
  bool boolean_value = false;
  std::string name;  // Variable, callee of Call, method of MethodCall
  SourceLocation name_location;
  UnaryOp unary_op = UnaryOp::Negate;
  BinaryOp binary_op = BinaryOp::Add;
  std::vector<ExprPtr> operands;  // elements, operands, or the receiver of a method / index
  std::vector<Argument> arguments;
  std::vector<IndexItem> indices;

  // Filled in by the checker.
  Type type;
  Resolution resolution = Resolution::Unresolved;  // what a Variable or Call names
  // The catalogue entry of a built-in call, constraint, transform or method.
  std::variant<std::monostate, const ir::DistributionSpec*, const ir::FunctionSpec*,
               const ir::ConstraintSpec*, const ir::TransformSpec*, const ir::MethodSpec*>
      spec;
  // Call arguments in the callee's parameter order (null where absent), for built-ins.
  std::vector<const Expr*> ordered_arguments;
  // A Variable naming a value: the slot of its frame that holds it.
  int slot = -1;

  Expr(ExprKind k, SourceLocation at) : kind(k), location(at) {}
};

struct Statement;
using StatementPtr = std::unique_ptr<Statement>;
using Block = std::vector<StatementPtr>;

enum class StatementKind {
  Let, Assign, Sample, Factor, Deterministic, Param,
  Plate, Scan, For, Mask, Scale, If, Return,
};

struct Binding {
  std::string name;
  SourceLocation location;
  ExprPtr value;
  int slot = -1;  // filled in by the checker: the slot the name has inside the scan
};

struct Statement {
  StatementKind kind;
  SourceLocation location;

  std::string name;  // let/assign target, site, factor, deterministic, param, plate, loop index
  SourceLocation name_location;
  ExprPtr value;                 // let/assign/factor/deterministic value, param init,
                                 // sample distribution, mask/scale/if condition, return value
  ExprPtr observed;              // sample: `obs expr`
  std::vector<ExprPtr> site_indices;  // sample: y[t] ~ ...
  ExprPtr constraint;            // param: `: constraint`
  ExprPtr size;                  // plate size; range low for scan/for
  ExprPtr range_high;            // scan/for
  ExprPtr subsample_size;        // plate ... subsample M as idx
  std::string subsample_index;
  SourceLocation subsample_index_location;
  std::vector<Binding> carries;  // scan carry (...)
  std::vector<Binding> overs;    // scan over (...)
  Block body;                    // plate/scan/for/mask/scale body, if's then-block
  Block else_body;               // if's else-block (an else-if is a single If statement)
  bool has_else = false;

  // Filled in by the checker: what the statement's names resolve to, so
  // that lowering reads them instead of resolving scopes again.
  int slot = -1;            // the slot a let, assignment, site, deterministic or param writes
  int index_slot = -1;      // scan and for: the index
  int subsample_slot = -1;  // plate: the subsample's index array
  int plate_dim = 0;        // plate: -1 for the outermost plate of a nest, -2 inside it ...
  // scan: its sites stacked along time, in body order, as lowering hands them to the IR
  std::vector<ir::StackedSite> stacked;

  Statement(StatementKind k, SourceLocation at) : kind(k), location(at) {}
};

struct DataDecl {
  std::string name;
  SourceLocation location;
  std::string element_type;  // int, real or bool
  SourceLocation element_type_location;
  std::vector<ExprPtr> dims;
  bool optional = false;
};

struct FunctionDef {
  std::string file;  // the file it was written in (a guide may come from its own file)
  std::string name;
  SourceLocation location;
  std::vector<std::string> params;
  std::vector<SourceLocation> param_locations;
  Block body;
  // Filled in by the checker: the name of each slot of the function's frame;
  // the parameters hold slots 0, 1, ...
  std::vector<std::string> slot_names;
};

struct BlockDef {
  std::string file;
  SourceLocation location;
  Block body;
  // Filled in by the checker: the name of each slot of the block's frame;
  // the data entries hold slots 0, 1, ... in their order.
  std::vector<std::string> slot_names;
};

struct Program {
  std::string file_name;
  std::vector<DataDecl> data;
  std::optional<BlockDef> model;
  std::optional<BlockDef> guide;
  std::vector<FunctionDef> functions;
  bool has_data_block = false;
};

}  // namespace ppl::ast
