// The catalogue of built-ins and the runtime's implementations name the same
// functions: none is listed without an implementation, none implemented
// without a catalogue row (its arguments, docs line and suggestions).
#include <doctest/doctest.h>

#include "ir/catalog.h"
#include "runtime/builtins.h"

TEST_CASE("every built-in of the catalogue has an implementation") {
  for (const ppl::ir::FunctionSpec& spec : ppl::ir::functions()) {
    INFO(spec.name);
    CHECK(ppl::runtime::has_builtin_implementation(spec.name));
  }
  CHECK(ppl::ir::functions().size() > 40);
}

TEST_CASE("every implementation has its row in the catalogue") {
  for (const std::string& name : ppl::runtime::implemented_builtins()) {
    INFO(name);
    CHECK(ppl::ir::find_function(name) != nullptr);
  }
  CHECK_FALSE(ppl::runtime::has_builtin_implementation("Normal"));
}
