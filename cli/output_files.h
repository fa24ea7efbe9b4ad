#pragma once
// Output files: checked before any work starts, written atomically (a
// temporary file in the same directory renamed into place), never written
// over an input, a directory or a device.
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "io/inference_data.h"

namespace ppl::cli {

// Why PATH cannot take an output, or nullopt when it can: PATH must be a
// regular file or a new name in an existing writable directory, and must not
// be any of the inputs nor any of the other outputs. Empty paths in inputs
// and other_outputs are skipped.
std::optional<std::string> output_path_problem(const std::string& path,
                                               const std::vector<std::string>& inputs,
                                               const std::vector<std::string>& other_outputs);

// Checks each non-empty output against the inputs and the other outputs;
// prints "PATH: error: ..." for the first problem and returns false.
bool check_output_paths(const std::vector<std::string>& outputs,
                        const std::vector<std::string>& inputs);

// Writes the file through a temporary file renamed into place: a failed or
// killed write never leaves a truncated file under PATH. False after
// printing why not; the temporary file is removed on every failure.
bool write_file_atomically(const std::string& path,
                           const std::function<void(std::ostream&)>& write);

// Writes the InferenceData file of the groups `make` builds; false after
// printing why not (the command's other outputs stay written). Names the
// file on standard output with `announce`.
bool write_inference_data_file(const std::string& path, bool announce,
                               const std::function<std::vector<io::InferenceDataGroup>()>& make);

// Writes to standard output and flushes; false after printing
// "error: cannot write to standard output".
bool write_standard_output(const std::function<void(std::ostream&)>& write);

// After a command has printed to standard output: flushes it, and turns a
// failed write into exit code 1 with a message.
int checked_standard_output(int exit_code);

}  // namespace ppl::cli

namespace ppl::cli {

// Where a run stopped early writes its incomplete result: PATH when nothing
// is there yet, otherwise PATH.partial-interrupted, so that an earlier
// complete result is never replaced by an incomplete one.
std::string incomplete_output_path(const std::string& path);

// The exit code of a run stopped by a signal: 128 + the signal (130 for
// SIGINT, 143 for SIGTERM).
int interrupted_exit_code();

}  // namespace ppl::cli
