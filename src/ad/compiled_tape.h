#pragma once
// A recorded tape of small values compiled into a flat program over one
// buffer of doubles, for replaying it at new leaf values without the tape's
// per-node bookkeeping (shapes, broadcasting, adjoint arrays).
//
// A step-by-step recurrence (a GARCH volatility, an AR(K) or state-space
// process written as a scan) records a few nodes per time step, each of one
// value, and a small hierarchical model (eight schools) records nodes of a
// few values: replaying such tapes costs far more in bookkeeping than in
// arithmetic. compile() accepts a tape when every node that the output needs
// and that depends on the leaf
// - says how it computes element by element (its ScalarOp, ad/scalar_kernel.h),
// - has at most kMaxElements values (or up to kMaxLargeElements, when the
//   nodes hold kMaxMeanElements or fewer on average: a recurrence with a
//   few whole-sequence values, as a guide's draws for every step and
//   particle), and
// - has operands that broadcast to its size (copied to it first, where
//   they are neither one element nor of its layout);
// the leaf itself is read in place, as contiguous runs of its elements.
// Several leaves (an SVI step's params and noise) are read as one vector.
// Constants are read once, at compile time: as for replay(), the tape must
// be replayable and the constants do not change.
//
// Example:
//   Tape tape;
//   Var q = tape.leaf(Array::vector({0.5, 2.0}));
//   Var out = -square(index(q, 0)) * exp(index(q, 1));
//   auto program = CompiledTape::compile(tape, q, out);   // engaged
//   double value; Eigen::VectorXd gradient(2);
//   program->run(Eigen::Vector2d(1.0, 0.0), value, gradient);  // value -1, gradient (-2, -1)
#include <Eigen/Core>
#include <array>
#include <optional>
#include <span>
#include <vector>

#include "ad/tape.h"

namespace ppl::ad {

class CompiledTape {
 public:
  // Larger nodes are left to the tape, whose array operations vectorize:
  // the compiled program gains on the bookkeeping of many small nodes and
  // loses on the arithmetic of large ones.
  static constexpr int32_t kMaxElements = 256;
  static constexpr int32_t kMaxLargeElements = 4096;
  static constexpr int32_t kMaxMeanElements = 32;

  // The program computing `output` (one element) from `leaf`, or nothing
  // when the tape holds a node it cannot compile.
  static std::optional<CompiledTape> compile(const Tape& tape, Var leaf, Var output);
  // The same from several leaves, whose elements q then holds one after the
  // other in the order given; the tape may hold no other leaf the output needs.
  static std::optional<CompiledTape> compile(const Tape& tape, std::span<const Var> leaves,
                                             Var output);

  // The output at leaf values `q`, and its gradient. Returns false, leaving
  // both unspecified, when a recorded argument check fails at q.
  bool run(const Eigen::VectorXd& q, double& output, Eigen::VectorXd& gradient);
  // The elements of the leaves together: the size of q.
  int32_t leaf_size() const { return leaf_size_; }

 private:
  // Where a compiled value lives in the buffer.
  struct Slot {
    int32_t offset = -1;
    int32_t size = 0;
    bool assigned() const { return offset >= 0; }
  };
  struct Instruction {
    ScalarOp op;
    bool sums = false;        // a kernel or Sum whose elements add up into one output
    bool one_number = false;  // no kernel, one element: run inline by run()
    int32_t count = 1;        // elements computed
    int32_t out = 0;          // offset of the result
    std::array<int32_t, kMaxScalarArity> in{-1, -1, -1, -1};  // offsets of the operands
    std::array<int32_t, kMaxScalarArity> stride{};  // 1 along an operand, 0 for one element
    std::array<bool, kMaxScalarArity> varies{};     // operands that depend on the leaf
    const ScalarKernel* kernel = nullptr;
    // A broadcast copy of one operand (in[0]) to the shape an operation runs
    // over: element j reads in[0] + gathers_[gather + j]; -1 otherwise.
    int32_t gather = -1;
  };

  // What run() walks, forward then backward: an operation of one number
  // without a kernel (most of a recurrence), inline, as out = op(a, b); any
  // other instruction (op None) by its index `a` into instructions_. Small,
  // so that the walk over a long recurrence stays in the nearest caches.
  struct Step {
    ScalarOp op = ScalarOp::None;
    bool binary = false;  // b is an operand; otherwise b reads a dummy
    int32_t out = 0, a = 0, b = 0;
  };

  CompiledTape() = default;
  // The steps of instructions_, once they are all known.
  void plan_steps();
  // A slot holding `source` (of shape `from`) broadcast to `to`: copied now
  // for a constant, by an instruction at every run for a value that `varies`.
  Slot broadcast_copy(Slot source, const Shape& from, const Shape& to, bool varies);
  // An instruction that copies, at every run, value `from + map[j]` to
  // value `to + j` for each j.
  void add_copy(int32_t from, int32_t to, std::span<const int32_t> map);
  void forward_step(const Instruction& instruction);
  void backward_step(const Instruction& instruction);

  std::vector<Instruction> instructions_;
  std::vector<Step> steps_;
  std::vector<int32_t> gathers_;  // the element maps of broadcast copies
  std::vector<double> values_;    // the leaf's elements first, then constants and results
  std::vector<double> adjoints_;  // one per value
  int32_t leaf_size_ = 0;
  int32_t output_ = -1;
  bool check_failed_ = false;
};

}  // namespace ppl::ad
