#include "core/text_file.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"

namespace ppl {
namespace {

// The file itself is at fault: the diagnostic names it, the message says why.
Error unreadable(const std::string& path, const std::string& reason) {
  Diagnostic diagnostic;
  diagnostic.file = path;
  diagnostic.message = reason;
  diagnostic.id = "unreadable_file";
  return Error(std::vector<Diagnostic>{diagnostic});
}

}  // namespace

std::string read_text_file(const std::string& path) {
  // Larger than any program or data set read whole: likely the wrong file.
  constexpr std::uintmax_t max_bytes = std::uintmax_t{2} << 30;
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(path, error);
  if (error || status.type() == std::filesystem::file_type::not_found)
    throw unreadable(path, "cannot read the file (does it exist?)");
  if (status.type() == std::filesystem::file_type::directory)
    throw unreadable(path, "is a directory, not a file");
  if (status.type() != std::filesystem::file_type::regular)
    throw unreadable(path, "is not a regular file (a device or pipe is not read)");
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (!error && size > max_bytes)
    throw unreadable(path, fmt::format("is {:.3g} GB, larger than the {} GB an input may be",
                                       static_cast<double>(size) / 1e9, max_bytes >> 30));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw unreadable(path, "cannot read the file (permission?)");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace ppl
