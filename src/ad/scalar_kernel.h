#pragma once
// What an operation tells the tape about itself so that a recorded tape of
// one-element values can be compiled into a flat program over doubles
// (ad/compiled_tape.h): recurrences written step by step (a GARCH
// volatility, an AR process) record thousands of one-element nodes, and a
// node's bookkeeping then costs more than its arithmetic.
#include <cstdint>

namespace ppl::ad {

enum class ScalarOp : uint8_t {
  None,     // not compiled: a tape using it is replayed node by node
  Alias,    // the operand's values (a reshape; a reduction of one element)
  Element,  // a contiguous run of the operand's elements, from Node::scalar_offset
  Add,
  Subtract,
  Multiply,
  Divide,
  Negate,
  Exp,
  Log,
  Log1p,
  Expm1,
  Sqrt,
  Abs,
  Square,
  Sin,
  Cos,
  Tanh,
  Sigmoid,
  Softplus,
  LogSigmoid,
  Sum,     // the sum of the operand's elements
  Kernel,  // a function of up to kMaxScalarArity operands (Node::scalar_kernel), per element
  Check,   // a recorded argument check: the kernel's value is 0 where it fails
};

inline constexpr int kMaxScalarArity = 4;

// A function of `arity` doubles with its partial derivatives, for operations
// whose formula lives elsewhere (a distribution's log density, a domain
// check). `partials` writes d value / d operand i into partials[i].
struct ScalarKernel {
  int arity = 0;
  double (*value)(const double* operands) = nullptr;
  void (*partials)(const double* operands, double* partials) = nullptr;
};

}  // namespace ppl::ad
