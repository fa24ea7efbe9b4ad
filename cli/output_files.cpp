#include "cli/output_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "core/interrupt.h"

namespace ppl::cli {
namespace fs = std::filesystem;

namespace {

bool same_file(const std::string& a, const std::string& b) {
  std::error_code error;
  if (fs::equivalent(a, b, error)) return true;
  // A path that does not exist yet is the same as another only by name.
  const fs::path ca = fs::weakly_canonical(a, error);
  if (error) return a == b;
  const fs::path cb = fs::weakly_canonical(b, error);
  if (error) return a == b;
  return ca == cb;
}

}  // namespace

std::optional<std::string> output_path_problem(const std::string& path,
                                               const std::vector<std::string>& inputs,
                                               const std::vector<std::string>& other_outputs) {
  struct stat target;
  if (stat(path.c_str(), &target) == 0) {
    if (S_ISDIR(target.st_mode)) return "is a directory";
    if (!S_ISREG(target.st_mode)) return "is not a regular file (a device, pipe or socket)";
  } else if (errno != ENOENT) {
    return std::string("cannot be inspected: ") + std::strerror(errno);
  }
  for (const std::string& input : inputs)
    if (!input.empty() && same_file(path, input))
      return "is an input of this command (" + input + "); writing there would destroy it";
  for (const std::string& other : other_outputs)
    if (!other.empty() && same_file(path, other))
      return "is also another output of this command (" + other + ")";
  fs::path directory = fs::path(path).parent_path();
  if (directory.empty()) directory = ".";
  std::error_code error;
  if (!fs::is_directory(directory, error)) return "its directory " + directory.string() + " does not exist";
  if (access(directory.c_str(), W_OK | X_OK) != 0)
    return "its directory " + directory.string() + " is not writable";
  return std::nullopt;
}

bool check_output_paths(const std::vector<std::string>& outputs,
                        const std::vector<std::string>& inputs) {
  for (size_t i = 0; i < outputs.size(); ++i) {
    if (outputs[i].empty()) continue;
    std::vector<std::string> others;
    for (size_t j = 0; j < outputs.size(); ++j)
      if (j != i) others.push_back(outputs[j]);
    if (auto problem = output_path_problem(outputs[i], inputs, others)) {
      std::cerr << outputs[i] << ": error: cannot write the output here: " << *problem << "\n";
      return false;
    }
  }
  return true;
}

bool write_file_atomically(const std::string& path,
                           const std::function<void(std::ostream&)>& write) {
  // Checked again at the end: the path may have changed while the work ran.
  if (auto problem = output_path_problem(path, {}, {})) {
    std::cerr << path << ": error: cannot write the output here: " << *problem << "\n";
    return false;
  }
  std::string temporary = path + ".partial-XXXXXX";
  const int descriptor = mkstemp(temporary.data());
  if (descriptor < 0) {
    std::cerr << path << ": error: cannot create a temporary file beside it: "
              << std::strerror(errno) << "\n";
    return false;
  }
  close(descriptor);
  // mkstemp creates the file for its owner only; give it the usual mode.
  const mode_t mask = umask(0);
  umask(mask);
  chmod(temporary.c_str(), 0666 & ~mask);
  bool written = false;
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (out) {
      write(out);
      out.close();
      written = !out.fail();
    }
  }
  if (!written) {
    std::remove(temporary.c_str());
    std::cerr << path << ": error: cannot write the output file (disk full?)\n";
    return false;
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const int reason = errno;
    std::remove(temporary.c_str());
    std::cerr << path << ": error: cannot move the output into place: " << std::strerror(reason)
              << "\n";
    return false;
  }
  return true;
}

namespace {

// Flushes standard output; false after saying, once, that it failed.
bool standard_output_flushed() {
  static bool reported = false;
  std::cout.flush();
  if (std::cout) return true;
  if (!reported) std::cerr << "error: cannot write to standard output\n";
  reported = true;
  return false;
}

}  // namespace

bool write_standard_output(const std::function<void(std::ostream&)>& write) {
  write(std::cout);
  return standard_output_flushed();
}

int checked_standard_output(int exit_code) {
  if (standard_output_flushed()) return exit_code;
  return exit_code == 0 ? 1 : exit_code;
}

}  // namespace ppl::cli

namespace ppl::cli {

std::string incomplete_output_path(const std::string& path) {
  std::error_code error;
  if (path.empty() || !std::filesystem::exists(path, error)) return path;
  return path + ".partial-interrupted";
}

int interrupted_exit_code() { return 128 + stop_signal(); }

bool write_inference_data_file(const std::string& path, bool announce,
                               const std::function<std::vector<io::InferenceDataGroup>()>& make) {
  try {
    io::write_inference_data(path, make());
  } catch (const std::exception& error) {
    std::string message = error.what();
    if (message.rfind(path + ": ", 0) == 0) message.erase(0, path.size() + 2);
    std::cerr << path << ": error: " << message << "\n";
    return false;
  }
  if (announce) std::cout << "wrote " << path << "\n";
  return true;
}

}  // namespace ppl::cli
