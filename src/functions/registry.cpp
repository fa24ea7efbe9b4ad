#include "functions/registry.h"

#include <algorithm>

namespace ppl::functions {
namespace {

FunctionList make_registry() {
  FunctionList list;
  add_elementwise_functions(list);
  add_reductions(list);
  add_array_functions(list);
  add_linear_algebra(list);
  add_sorting(list);
  add_einsum(list);
  add_initializers(list);
  for (ir::FunctionSpec& spec : list)
    if (spec.result == ir::ResultRule::Reduction) spec.counts_axes = true;
  return list;
}

}  // namespace

const FunctionList& function_registry() {
  static const FunctionList registry = make_registry();
  return registry;
}

const ir::FunctionSpec* find_builtin(std::string_view name) {
  const FunctionList& list = function_registry();
  auto it = std::find_if(list.begin(), list.end(),
                         [&](const ir::FunctionSpec& spec) { return spec.name == name; });
  return it == list.end() ? nullptr : &*it;
}

}  // namespace ppl::functions
