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
  Concat,   // the operands' elements one after the other (joined along the leading axis)
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

inline constexpr int kScalarOpCount = static_cast<int>(ScalarOp::Check) + 1;

// A function of `arity` doubles with its partial derivatives, for operations
// whose formula lives elsewhere (a distribution's log density, a domain
// check). `partials` writes d value / d operand i into partials[i].
//
// A kernel may also run over n elements at once (a density's, vectorized,
// with what depends on one-element operands computed once): operand k's
// values start at operands[k], one per element where strides[k] is 1, a
// single one where it is 0.
// - `values`: the n values into out[0..n), or their sum into out[0].
// - `add_partials`: adjoints[k][strides[k] * j] += g[g_stride * j] times
//   d value_j / d operand k, for every element j; operands whose adjoint
//   pointer is null need none.
struct ScalarKernel {
  int arity = 0;
  double (*value)(const double* operands) = nullptr;
  void (*partials)(const double* operands, double* partials) = nullptr;
  void (*values)(const double* const* operands, const int32_t* strides, int32_t n, bool sum,
                 double* out) = nullptr;
  void (*add_partials)(const double* const* operands, const int32_t* strides, int32_t n,
                       const double* g, int32_t g_stride, double* const* adjoints) = nullptr;
};

}  // namespace ppl::ad
