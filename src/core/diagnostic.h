#pragma once
// Located error and warning messages, rendered stanc-style:
//
//   model.ppl:3:7: error: undefined name 'sigmma'; did you mean 'sigma'?
//       3 |   y ~ Normal(mu, sigmma)
//         |                  ^~~~~~
#include <string>
#include <vector>

#include "core/source_location.h"

namespace ppl {

enum class Severity { Error, Warning, Note };

struct Diagnostic {
  Severity severity = Severity::Error;
  std::string file;
  SourceLocation location;
  std::string message;
  std::vector<std::string> notes;  // extra lines: expected vs found, hints
  // The message's name in its catalogue ("undefined_name"), so that tests
  // and tools tell messages apart without reading their wording.
  std::string id;
};

// The text of one source file, kept so diagnostics can quote its lines.
class SourceText {
 public:
  SourceText(std::string file_name, std::string text);
  const std::string& file_name() const { return file_name_; }
  const std::string& text() const { return text_; }
  // The line without its newline; empty when out of range.
  std::string line(int number) const;

 private:
  std::string file_name_;
  std::string text_;
  std::vector<size_t> line_starts_;
};

// "file:line:col: error: message", then the framed source line with a caret
// under the location, then the notes.
std::string render(const Diagnostic& diagnostic, const SourceText* source);

}  // namespace ppl
