#pragma once
// Reverse-mode automatic differentiation over whole arrays.
//
// Design
// - A Tape records one Node per array operation (never one per element): the
//   operation's value as a ppl::Array, the indices of its operands on the tape,
//   a few small parameters (an axis, keepdims) and a plain function pointer
//   that runs the operation's backward step. Variable-length parameters
//   (indices, slice bounds, permutations, operand lists) go to one shared
//   integer pool on the tape. No std::function, no per-node allocation other
//   than the arrays themselves.
// - Operations evaluate eagerly: building the expression computes its value,
//   except a deferred node (Tape::defer): a large elementwise value whose
//   forward step runs when the value is first read, so that one read only
//   through a rewritten sum (ad/algebraic_sums.h, a density's summed form)
//   is never written. Shapes are known at once either way.
//   backward(output) then walks the nodes once in reverse and calls each
//   node's backward step, which adds the node's adjoint, times the local
//   derivative, into its operands' adjoints. Each adjoint is an Array of its
//   node's shape; an operand broadcast in the forward pass gets its adjoint
//   summed back down to its own shape. An adjoint that goes to an operand
//   unchanged (add, subtract, reshape) hands its buffer on instead of being
//   copied, so adjoints are kept for leaves and constants only; adjoint()
//   refuses an intermediate value whose adjoint was handed on.
// - Leaves (tape.leaf) need gradients; constants (tape.constant) do not, and
//   neither does any node computed from constants only: such nodes are
//   skipped by the backward pass, and operations skip the partial derivatives
//   of operands that need none.
// - clear() forgets the nodes but keeps every buffer: the node and parameter
//   vectors keep their capacity, and the next evaluation writes its values
//   and adjoints into the arrays left by the previous one, so a model
//   evaluated repeatedly with the same shapes stops allocating.
// - Values are never checked: NaN and inf propagate. Shape errors throw
//   ppl::Error naming the shapes.
// - Replay: most operations also record a forward step that recomputes the
//   node's value from its operands' current values. When the program that
//   recorded the tape made no choice that depends on a value needing a
//   gradient (read_as_constant() says when it did), setting new leaf
//   values and calling replay() gives the values the program would have
//   computed, without running it again: shapes, indices and branches stay
//   as recorded. Checks the recording run made on values that need a
//   gradient (a distribution's scale must be positive) are recorded too, as
//   nodes whose forward step calls report_failed_check(); check_failed()
//   then tells that the replayed point is outside some argument's domain.
//
// The operations themselves are in ops_*.h (ad/ops.h includes them all).
#include <array>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <vector>

#include "ad/scalar_kernel.h"
#include "core/array.h"
#include "core/broadcast.h"
#include "core/error.h"

namespace ppl::ad {

class Tape;

// A value on a tape: the tape and the node's index, cheap to copy. Valid until
// the tape is cleared.
class Var {
 public:
  Var() = default;
  Var(Tape* tape, int32_t index) : tape_(tape), index_(index) {}

  Tape& tape() const;
  int32_t index() const { return index_; }
  const Array& value() const;
  // The shape alone: it does not compute a deferred value.
  const Shape& shape() const;
  double item() const { return value().item(); }

 private:
  Tape* tape_ = nullptr;
  int32_t index_ = -1;
};

// Adds the adjoint of node `node` into the adjoints of its operands.
using BackwardFn = void (*)(Tape& tape, int32_t node);
// Recomputes node `node`'s value from its operands' values, at its recorded shape.
using ForwardFn = void (*)(Tape& tape, int32_t node);
// Records the sum over all elements of elementwise node `node` in a fused
// form over the same operands (Node::fused_sum); returns the summed node.
using SumRecorder = Var (*)(Tape& tape, int32_t node);

// Elementwise values of at least this many elements are deferred
// (Tape::defer): they may never be read (a rewritten sum reads their
// operands instead), and writing them is most of what computing them
// costs. Smaller ones gain nothing from waiting.
inline constexpr int64_t kDeferredMinElements = 1024;

struct Node {
  BackwardFn backward = nullptr;  // null for leaves and constants
  ForwardFn forward = nullptr;    // null where the operation cannot be replayed
  std::array<int32_t, 3> operands{-1, -1, -1};
  int32_t axis = 0;
  bool keepdims = false;
  bool needs_gradient = false;
  bool deferred = false;  // value yet to be computed by `forward` (Tape::defer)
  int32_t variadic_operands = 0;  // operands at the start of the parameter pool
  // This node's slice of the tape's integer parameter pool.
  int32_t parameters_begin = 0;
  int32_t parameters_count = 0;
  // How the node is computed element by element, for compiled tapes of
  // small values (ad/compiled_tape.h); None where it is not said.
  ScalarOp scalar_op = ScalarOp::None;
  int32_t scalar_offset = 0;  // for ScalarOp::Element
  const ScalarKernel* scalar_kernel = nullptr;  // for Kernel and Check
  // Set on an elementwise node whose total has a fused form (a density's
  // log_prob_sum, or a rewriting of ad/algebraic_sums.h): records that form
  // over this node's operands, so that sum(d.log_prob(x)) replays and
  // differentiates as d.log_prob_sum(x).
  SumRecorder fused_sum = nullptr;
  Array value;
  // Set for constants viewed in place (Tape::constant_view): the value lives
  // outside the tape.
  const Array* borrowed = nullptr;

  const Array& current_value() const { return borrowed ? *borrowed : value; }
};

class Tape {
 public:
  Tape();

  // Inputs that need gradients.
  Var leaf(const Array& value);
  Var leaf(double value);
  // Inputs that do not.
  Var constant(const Array& value);
  Var constant(double value);
  // A constant read in place, without copying: `value` must outlive the use
  // of this tape until the next clear(). For data fixed across evaluations.
  Var constant_view(const Array& value);

  // Forgets all nodes (their Vars become invalid) and keeps all buffers.
  void clear();
  // Nodes recorded since the last clear().
  int32_t size() const { return size_; }

  // Reverse pass from `output`, which must have exactly one element.
  void backward(Var output);

  // Replay (see above). A leaf's value, to be overwritten before replay()
  // with an array of the same shape.
  Eigen::ArrayXd& leaf_values(Var leaf);
  // Recomputes every node that depends on a leaf, in recording order; with
  // an output, only those the output depends on, and the recorded checks;
  // the others are left deferred, computed when something first reads them.
  void replay();
  void replay(Var output);
  // True when every node that depends on a leaf can be recomputed and no
  // choice was made from a varying value since the last clear().
  bool replayable() const;
  // What replay(output) recomputes: a flag per node, set for `output`, every
  // recorded check, and the operands of each, recursively.
  std::vector<uint8_t> live_nodes(Var output) const;
  // A recorded check (record_check): a forward step without a backward one.
  static bool is_check(const Node& node) { return node.backward == nullptr && node.forward != nullptr; }
  // Called by whoever records before making a choice from v's value (a
  // branch, an index, a shape, a constant computed outside the tape): when v
  // needs a gradient the tape is no longer replayable. Returns v.
  Var read_as_constant(Var v) {
    if (needs_gradient(check_operand(v))) value_dependent_ = true;
    return v;
  }
  // Records `check` to run on every replay, when some operand needs a
  // gradient (checks on constants hold for good). `scalar`, when given, is
  // the same check on one-element operands (its value 0 where it fails).
  void record_check(ForwardFn check, std::initializer_list<Var> operands,
                    const ScalarKernel* scalar = nullptr);
  void report_failed_check() { check_failed_ = true; }
  // Removes recorded check `index`, whose test a later node has taken over
  // (dist/linear_predictor_sum.h), so that replay no longer reads its operand.
  void drop_check(int32_t index);
  // Whether a recorded check failed in the last replay().
  bool check_failed() const { return check_failed_; }
  // d output / d v after backward(output), shaped like v; zeros when v does
  // not influence the output.
  const Array& adjoint(Var v);
  // backward(output), then the adjoints of `wrt`.
  std::vector<Array> gradient(Var output, std::span<const Var> wrt);
  std::vector<Array> gradient(Var output, std::initializer_list<Var> wrt) {
    return gradient(output, std::span<const Var>(wrt.begin(), wrt.size()));
  }

  // ---- For the implementation of operations (ad/ops_*.cpp) ----------------

  // A new node for an operation on `operands` (at most three), its value yet
  // to be set through node(). It needs a gradient when any operand does.
  Var record(BackwardFn backward, std::initializer_list<Var> operands);
  // A new node for an operation on any number of operands, whose indices go to
  // the parameter pool; its operands array stays empty.
  Var record_variadic(BackwardFn backward, std::span<const Var> operands);
  // Appends a parameter to the node recorded last.
  void push_parameter(int64_t parameter);
  // Sets the forward step of the node recorded last.
  void set_forward(ForwardFn forward) { nodes_[size_ - 1].forward = forward; }
  void set_fused_sum(SumRecorder recorder) { nodes_[size_ - 1].fused_sum = recorder; }
  // Leaves the value of the node recorded last, whose forward step is set,
  // to be computed when first read: its array gets `shape` now.
  void defer(const Shape& shape);
  // Says how `v`'s node is computed element by element (ad/scalar_kernel.h).
  void set_scalar(Var v, ScalarOp op, const ScalarKernel* kernel = nullptr, int32_t offset = 0) {
    Node& node = nodes_[check_operand(v)];
    node.scalar_op = op;
    node.scalar_kernel = kernel;
    node.scalar_offset = offset;
  }

  Node& node(int32_t index) { return nodes_[index]; }
  const Node& node(int32_t index) const { return nodes_[index]; }
  const Array& value(int32_t index) const {
    if (nodes_[index].deferred) [[unlikely]]
      compute_deferred(index);
    return nodes_[index].current_value();
  }
  const Shape& shape_of(int32_t index) const { return nodes_[index].current_value().shape(); }
  // The indices of a node's operands, variadic ones included.
  std::vector<int32_t> operands_of(const Node& node) const;
  std::span<const int64_t> parameters(const Node& node) const {
    return {parameters_.data() + node.parameters_begin,
            static_cast<size_t>(node.parameters_count)};
  }
  bool needs_gradient(int32_t index) const { return nodes_[index].needs_gradient; }
  // The adjoint of a node during its backward step.
  const Array& adjoint_of(int32_t index) const { return adjoints_[index]; }

  // Adds `contribution` (as many elements as the operand) to an operand's
  // adjoint. The first contribution is assigned, sparing a pass of zeros.
  template <class Expr>
  void accumulate(int32_t operand, const Eigen::ArrayBase<Expr>& contribution) {
    if (!needs_gradient(operand)) return;
    Array& adjoint = adjoints_[operand];
    if (adjoint_state_[operand] == AdjointState::kUnset) {
      adjoint.assign(shape_of(operand), contribution);
      adjoint_state_[operand] = AdjointState::kSet;
    } else {
      adjoint.mutable_values() += contribution;
    }
  }
  // Adds a contribution of shape `from`, a broadcast of the operand's shape,
  // summed down to the operand's shape.
  template <class Expr>
  void accumulate_broadcast(int32_t operand, const Shape& from,
                            const Eigen::ArrayBase<Expr>& contribution) {
    if (!needs_gradient(operand)) return;
    const Shape& operand_shape = shape_of(operand);
    if (operand_shape == from) {
      accumulate(operand, contribution);
    } else if (operand_shape.numel() == 1) {
      accumulate(operand, Eigen::ArrayXd::Constant(1, contribution.sum()));
    } else {
      scratch_.assign(from, contribution);
      add_summed_to_shape(scratch_, adjoint_for_update(operand));
    }
  }
  // An operand's adjoint for adding into directly (scatter-adds), zeroed on
  // first use.
  Array& adjoint_for_update(int32_t operand);
  // Adds node `index`'s adjoint, unchanged, to an operand of as many elements
  // or a broadcast of fewer. When it is the operand's first contribution the
  // buffer itself is handed on, without a copy; this must then be the node's
  // last use of its adjoint.
  void hand_on_adjoint(int32_t index, int32_t operand);

 private:
  Node& next_node();
  // The operand's index; throws for a value of another tape or one cleared
  // (checked on every operation, so inline with the throw out of line).
  int32_t check_operand(Var v) const;
  [[noreturn]] void operand_error(Var v) const;
  // Computes deferred node `index` and the deferred nodes it reads, in
  // recording order. Reading a value does not change what the tape means,
  // so value() stays const.
  void compute_deferred(int32_t index) const;

  std::vector<Node> nodes_;  // nodes_[size_..] are kept for their buffers
  int32_t size_ = 0;
  std::vector<int64_t> parameters_;
  std::vector<Array> adjoints_;
  enum class AdjointState : uint8_t { kUnset, kSet, kHandedOn };
  std::vector<AdjointState> adjoint_state_;
  bool backward_done_ = false;
  bool value_dependent_ = false;
  bool check_failed_ = false;
  // Which nodes replay(output) recomputes, for live_output_; -1 when stale.
  std::vector<uint8_t> live_;
  int32_t live_output_ = -1;
  Array scratch_;
};

inline int32_t Tape::check_operand(Var v) const {
  if (&v.tape() != this || v.index() < 0 || v.index() >= size_) [[unlikely]]
    operand_error(v);
  return v.index();
}

inline Tape& Var::tape() const {
  if (tape_ == nullptr) throw Error("use of an unset ad::Var");
  return *tape_;
}

inline const Array& Var::value() const { return tape().value(index_); }
inline const Shape& Var::shape() const { return tape().shape_of(index_); }

}  // namespace ppl::ad
