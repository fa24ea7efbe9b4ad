#include "core/diagnostic.h"

#include <fmt/format.h>

#include <algorithm>

namespace ppl {

SourceText::SourceText(std::string file_name, std::string text)
    : file_name_(std::move(file_name)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

std::string SourceText::line(int number) const {
  if (number < 1 || static_cast<size_t>(number) > line_starts_.size()) return {};
  size_t begin = line_starts_[number - 1];
  size_t end = text_.find('\n', begin);
  if (end == std::string::npos) end = text_.size();
  std::string result = text_.substr(begin, end - begin);
  if (!result.empty() && result.back() == '\r') result.pop_back();
  return result;
}

static const char* severity_word(Severity severity) {
  switch (severity) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

std::string render(const Diagnostic& diagnostic, const SourceText* source) {
  std::string out;
  const SourceLocation& at = diagnostic.location;
  if (at.known()) {
    out += fmt::format("{}:{}:{}: {}: {}\n", diagnostic.file, at.line, at.column,
                       severity_word(diagnostic.severity), diagnostic.message);
  } else {
    out += fmt::format("{}: {}: {}\n", diagnostic.file, severity_word(diagnostic.severity),
                       diagnostic.message);
  }
  if (source && at.known()) {
    std::string text = source->line(at.line);
    // Tabs would shift the caret; show them as single spaces.
    std::replace(text.begin(), text.end(), '\t', ' ');
    std::string number = std::to_string(at.line);
    std::string gutter(number.size(), ' ');
    int column = at.column;
    // A very long line is shown as a window around the place.
    constexpr int window = 100;
    if (static_cast<int>(text.size()) > window) {
      int start = std::clamp(column - 1 - window / 2, 0, static_cast<int>(text.size()) - window);
      bool cut_left = start > 0, cut_right = start + window < static_cast<int>(text.size());
      text = (cut_left ? "..." : "") + text.substr(start, window) + (cut_right ? "..." : "");
      column = column - start + (cut_left ? 3 : 0);
    }
    int width = std::max(1, std::min<int>(at.length, static_cast<int>(text.size()) - column + 1));
    out += fmt::format(" {} | {}\n", number, text);
    out += fmt::format(" {} | {}^{}\n", gutter, std::string(std::max(0, column - 1), ' '),
                       std::string(width - 1, '~'));
  }
  for (const std::string& note : diagnostic.notes) out += fmt::format("  note: {}\n", note);
  return out;
}

}  // namespace ppl
