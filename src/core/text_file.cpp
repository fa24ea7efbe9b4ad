#include "core/text_file.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"

namespace ppl {

std::string read_text_file(const std::string& path) {
  // Larger than any program or data set read whole: likely the wrong file.
  constexpr std::uintmax_t max_bytes = std::uintmax_t{2} << 30;
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(path, error);
  if (error || status.type() == std::filesystem::file_type::not_found)
    throw Error(fmt::format("{}: cannot read the file (does it exist?)", path));
  if (status.type() == std::filesystem::file_type::directory)
    throw Error(fmt::format("{}: is a directory, not a file", path));
  if (status.type() != std::filesystem::file_type::regular)
    throw Error(fmt::format("{}: is not a regular file (a device or pipe is not read)", path));
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (!error && size > max_bytes)
    throw Error(fmt::format("{}: is {:.3g} GB, larger than the {} GB an input may be", path,
                            static_cast<double>(size) / 1e9, max_bytes >> 30));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(fmt::format("{}: cannot read the file (permission?)", path));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace ppl
