#pragma once
// A recorded tape of one-element values compiled into a flat program over
// doubles, for replaying it at new leaf values without the tape's per-node
// bookkeeping (array shapes, broadcasting, adjoint buffers).
//
// A step-by-step recurrence (a GARCH volatility, an AR(K) or state-space
// process written as a scan) records a few nodes per time step, each holding
// a single value; replaying such a tape costs far more in bookkeeping than in
// arithmetic. compile() accepts a tape when every node the output needs and
// that depends on the leaf is one element computed by an operation that says
// how (ad/scalar_kernel.h), the leaf itself being read element by element.
// Constants are read once, at compile time: as for replay(), the tape must
// be replayable and the constants do not change.
//
// Example:
//   Tape tape;
//   Var q = tape.leaf(Array::vector({0.5, 2.0}));
//   Var out = -square(index(q, 0)) * exp(index(q, 1));
//   auto program = ScalarProgram::compile(tape, q, out);   // engaged
//   double value; Eigen::VectorXd gradient(2);
//   program->run(Eigen::Vector2d(1.0, 0.0), value, gradient);  // value -1, gradient (-2, -1)
#include <Eigen/Core>
#include <optional>
#include <vector>

#include "ad/tape.h"

namespace ppl::ad {

class ScalarProgram {
 public:
  // The program computing `output` from `leaf`, or nothing when the tape
  // holds a node it cannot compile.
  static std::optional<ScalarProgram> compile(const Tape& tape, Var leaf, Var output);

  // The output at leaf values `q`, and its gradient. Returns false, leaving
  // both unspecified, when a recorded argument check fails at q.
  bool run(const Eigen::VectorXd& q, double& output, Eigen::VectorXd& gradient);

  // Instructions, checks included.
  int size() const { return static_cast<int>(instructions_.size()); }

 private:
  struct Instruction {
    ScalarOp op;
    int32_t out;
    std::array<int32_t, kMaxScalarArity> in;
    const ScalarKernel* kernel;
  };

  ScalarProgram() = default;
  void forward_step(const Instruction& instruction);
  void backward_step(const Instruction& instruction);

  std::vector<Instruction> instructions_;
  std::vector<double> values_;  // registers: the leaf's elements first, then constants and results
  std::vector<double> adjoints_;  // one per register
  int32_t leaf_size_ = 0;
  int32_t output_ = -1;
  bool check_failed_ = false;
};

}  // namespace ppl::ad
