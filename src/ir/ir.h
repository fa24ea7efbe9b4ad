#pragma once
// The intermediate representation the interpreter runs. Names are resolved
// to numbered slots of a block's frame, calls point at their catalogue entry
// with arguments in the callee's order (absent optional ones are null, and
// defaults are filled in as constants), and every node keeps its source
// location for runtime messages.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/source_location.h"
#include "ir/catalog.h"

namespace ppl::ir {

using Slot = int;

enum class UnaryOp { Negate, Not };
enum class BinaryOp {
  Add, Subtract, Multiply, Divide, Modulo, MatMul, Power,
  Less, LessEqual, Greater, GreaterEqual, Equal, NotEqual, And, Or,
};

enum class ExprOp {
  Constant,      // a number (integer or real) or a boolean
  Load,          // the value in a slot
  Array,         // [a, b, ...]
  Unary,
  Binary,
  Builtin,       // exp(x), sum(x, axis) ...
  UserCall,      // fn defined in the program
  Distribution,  // Normal(loc, scale) ...
  Method,        // d.to_event(1), d.log_prob(x) ...
  Constraint,    // positive, interval(a, b)
  Transform,     // ExpTransform(), AffineTransform(loc, scale)
  Index,         // x[i, a:b]
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

// One entry of x[...] (NumPy's meaning): an index, an integer array, a
// boolean mask, a slice, None or ....
struct IndexEntry {
  bool is_slice = false;
  bool new_axis = false;
  bool ellipsis = false;
  bool mask = false;  // index is a boolean array: keeps the elements where it holds
  ExprPtr index;      // single index, integer array or mask
  ExprPtr low;        // slice parts; null means NumPy's defaults
  ExprPtr high;
  ExprPtr step;
};

enum class ConstantKind { Real, Int, Bool };

struct Expr {
  ExprOp op;
  SourceLocation location;

  double constant = 0;
  ConstantKind constant_kind = ConstantKind::Real;
  Slot slot = -1;                 // Load
  std::string name;               // Load: the source name; UserCall: the function
  UnaryOp unary_op = UnaryOp::Negate;
  BinaryOp binary_op = BinaryOp::Add;
  const FunctionSpec* function = nullptr;
  const DistributionSpec* distribution = nullptr;
  const MethodSpec* method = nullptr;
  const ConstraintSpec* constraint = nullptr;
  const TransformSpec* transform = nullptr;
  int user_function = -1;         // index into Program::functions
  std::vector<ExprPtr> args;      // operands; for calls in parameter order, null when absent
  std::vector<IndexEntry> indices;
  // Builtin and Index: the rank the program gives the first argument (the
  // indexed value), or -1 when unknown. Runs with draws or particles
  // vectorized add dims on the left; axes and indices count past them.
  int operand_rank = -1;
  // Builtin: the rank the program gives each argument (-1 when unknown), and
  // the string literal of a text parameter (einsum's subscripts).
  std::vector<int> argument_ranks;
  std::string text;

  Expr(ExprOp o, SourceLocation at) : op(o), location(at) {}
};

enum class StmtKind {
  Sample,         // site: latent, or observed by `obs` or by data of its name
  Factor,
  Param,
  Deterministic,
  Let,            // a slot gets a value
  Plate,
  Scan,
  For,
  Mask,
  Scale,
  If,
  Return,
};

struct Stmt;
using StmtPtr = std::unique_ptr<Stmt>;
using Body = std::vector<StmtPtr>;

struct SlotValue {
  Slot slot = -1;
  ExprPtr value;
};

// A site stacked by scan: each step writes `step_slot`; after the scan,
// `stacked_slot` holds the values stacked along a new time dim, leading the
// program's dims (after the dims of draws vectorized, which lead a step's
// value by more than its `step_rank`). The checker finds these and records
// them on the scan's AST statement; lowering hands them on.
struct StackedSite {
  std::string name;
  Slot step_slot = -1;
  Slot stacked_slot = -1;
  int step_rank = -1;  // the rank the program gives one step's value; -1 when unknown
};

struct Stmt {
  StmtKind kind;
  SourceLocation location;

  std::string name;        // site, param, factor, deterministic or plate name
  Slot slot = -1;          // where the statement's value goes (site value, let, param ...)
  ExprPtr value;           // distribution, factor value, init, let value, condition, ...
  ExprPtr observed;        // Sample: `obs expr`
  int observed_data = -1;  // Sample: index of the data entry of the site's name, or -1
  std::vector<ExprPtr> site_indices;  // Sample: y[t] ~ ...: observed at data[indices]
  ExprPtr constraint;      // Param
  bool observed_in_loop_name = false;  // Sample inside a for loop: name gets loop indices

  // Plate
  ExprPtr size;
  ExprPtr subsample_size;
  Slot subsample_slot = -1;
  int dim = -1;

  // Scan and For: index slot, range [low, high)
  Slot index_slot = -1;
  ExprPtr low;
  ExprPtr high;
  std::vector<SlotValue> carries;  // Scan: slot and initial value
  std::vector<SlotValue> sequences;  // Scan: slot of the per-step element and the sequence
  std::vector<StackedSite> stacked;
  std::vector<Slot> for_loop_slots;  // Sample inside for loops: the indices naming it

  Body body;
  Body else_body;

  Stmt(StmtKind k, SourceLocation at) : kind(k), location(at) {}
};

enum class ElementType { Real, Int, Bool };

struct DataEntry {
  std::string name;
  ElementType element_type = ElementType::Real;
  // Each dim is a known size, or the value of an earlier int data entry.
  struct DimSpec {
    long long size = -1;
    int data_index = -1;
  };
  std::vector<DimSpec> dims;
  bool optional = false;
};

struct Frame {
  Body body;
  std::vector<std::string> slot_names;  // for printing and messages
  // Data entries are copied into these slots before the body runs (-1: unused).
  std::vector<Slot> data_slots;
};

struct Function {
  std::string name;
  std::vector<Slot> parameters;
  Frame frame;
};

struct Program {
  // The files the program was written in (SourceLocation::source indexes them).
  std::vector<std::string> files;
  std::vector<DataEntry> data;
  std::vector<Function> functions;
  std::optional<Frame> model;
  std::optional<Frame> guide;
};

// "FILE:LINE:COL" for a location in one of the program's files ("LINE:COL"
// when the file is not known).
std::string where(const Program& program, const SourceLocation& location);
// The same as the place of an error.
ErrorPlace place(const Program& program, const SourceLocation& location);

const char* spelling(UnaryOp op);
const char* spelling(BinaryOp op);

}  // namespace ppl::ir
