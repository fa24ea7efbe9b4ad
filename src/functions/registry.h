#pragma once
// Every built-in function the language knows, each entry its description
// (name, parameters in NumPy's order with defaults, how its result's type
// follows, a docs line) and its implementation. The catalogue
// (src/ir/catalog.h) is this list: lowering stores the entry in the call,
// and the interpreter calls its implementation; there is no other list.
//
// Adding a built-in is one row in the file of its group, with its test in
// tests/runtime/test_builtin_gradients.cpp (a use in a program).
#include <string_view>
#include <vector>

#include "functions/builtin_call.h"
#include "ir/spec.h"

namespace ppl::functions {

using FunctionList = std::vector<ir::FunctionSpec>;
// What the rows of every group are written with.
using ir::default_param;
using ir::optional_param;
using ir::required_param;
using R = ir::ResultRule;

const FunctionList& function_registry();
// nullptr for an unknown name.
const ir::FunctionSpec* find_builtin(std::string_view name);

// The rows of each group (one file each).
void add_elementwise_functions(FunctionList& list);  // elementwise.cpp
void add_reductions(FunctionList& list);             // reductions.cpp
void add_array_functions(FunctionList& list);        // arrays.cpp: along an axis, layout, constructors
void add_linear_algebra(FunctionList& list);         // linear_algebra.cpp
void add_sorting(FunctionList& list);                // sorting.cpp
void add_initializers(FunctionList& list);           // initializers.cpp
void add_einsum(FunctionList& list);                 // einsum.cpp

}  // namespace ppl::functions
