#pragma once
// Helpers shared by the front-end tests: compile a source string and look at
// its first diagnostic.
#include <doctest/doctest.h>

#include <string>

#include "frontend/compile.h"

namespace ppl::test {

inline frontend::CompiledProgram compile(const std::string& source) {
  return frontend::compile_source("test.ppl", source);
}

// A malformed program and the one error it must produce.
struct ExpectedError {
  const char* behaviour;
  const char* source;
  int line;
  int column;
  const char* message;
};

inline void check_first_error(const ExpectedError& expected) {
  frontend::CompiledProgram compiled = compile(expected.source);
  INFO("behaviour: " << std::string(expected.behaviour));
  INFO("source:\n" << std::string(expected.source));
  REQUIRE_FALSE(compiled.ok());
  const Diagnostic& first = compiled.diagnostics.front();
  INFO("rendered:\n" << compiled.rendered_diagnostics());
  CHECK(first.message == std::string(expected.message));
  CHECK(first.location.line == expected.line);
  CHECK(first.location.column == expected.column);
  CHECK(first.file == "test.ppl");
  // Every message of the catalogue is named by the function that builds it.
  CHECK_FALSE(first.id.empty());
}

}  // namespace ppl::test
