#pragma once
// What a built-in function receives when a program calls it: its arguments
// in the catalogue's order and the run's context, with the readings most
// built-ins share (a program's axis, a shape, a value read as a constant).
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "ad/tape.h"
#include "core/random_key.h"
#include "core/shape.h"

namespace ppl::functions {

struct BuiltinContext {
  ad::Tape& tape;
  RandomKey init_key;  // for init_normal / init_uniform
  // Dims of draws or particles left of the program's own dims on the first
  // argument (0 outside vectorized runs): axes, reductions over everything,
  // shapes and sizes count only the program's dims.
  int leading_dims = 0;
  // The rank the program gives the first argument; -1 when unknown.
  int operand_rank = -1;
  // In vectorized runs, the rank the program gives each argument (-1 when
  // unknown); empty otherwise.
  std::span<const int> argument_ranks;
};

struct BuiltinCall {
  // Absent optional arguments are nullopt.
  const std::vector<std::optional<ad::Var>>& args;
  BuiltinContext& context;
  // The string literal of a text parameter (einsum's subscripts), if any.
  std::string_view text = {};

  const ad::Var& x() const { return *args[0]; }
  const ad::Var& arg(size_t i) const { return *args[i]; }
  bool given(size_t i) const { return args.size() > i && args[i].has_value(); }
  int leading() const { return context.leading_dims; }
  ad::Tape& tape() const { return context.tape; }
  // The program's axis given as argument `i`, counted past leading dims.
  int axis(size_t i) const;
};

// `v` read as a plain number (a shape, a mask, a count): an error when it
// depends on latent values.
ad::Var read_as_constant(const ad::Var& v);
// An integer axis argument.
int axis_of(const std::optional<ad::Var>& axis);
// A program's axis on a value with `leading` dims of draws or particles on
// its left: positive axes count past them; both signs are checked against
// the program's rank.
int program_axis(int axis, int leading, int actual_rank);
// The leading dims (draws or particles) of a shape.
Shape leading_shape(const Shape& shape, int leading);
// The program's dims of `x` flattened into one last axis, so that a
// reduction over everything becomes one over axis -1 and leaves the leading
// dims alone.
ad::Var flatten_program_dims(const ad::Var& x, int leading);
// A shape given as a value (zeros(shape), reshape(x, shape)).
Shape shape_of(const ad::Var& v);
// `value` as a constant result of `name`; an error when `x` carries a
// gradient, which `name` does not define.
ad::Var constant_only(const char* name, const ad::Var& x, Array value);
// f applied to each element.
Array map_array(const Array& a, double (*f)(double));

}  // namespace ppl::functions
