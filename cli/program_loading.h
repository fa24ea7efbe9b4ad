#pragma once
// What every sub-command that runs a program does first: compile the model
// (and guide), load and check the data, printing located errors on failure.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "frontend/compile.h"
#include "ir/ir.h"
#include "runtime/model_data.h"

namespace ppl::cli {

struct LoadedProgram {
  frontend::CompiledProgram compiled;
  ir::Program program;
  runtime::ModelData data;
  std::string data_path;  // the data file read (--data or the default), empty without
};

// The data file a model finds by default when it declares data and no
// --data is given: NAME.data.json beside MODEL.ppl, where NAME is the
// model's name or the longest prefix of it ending before an '_'; empty
// when there is none.
std::string default_data_file(const std::string& model_path);

// nullopt after printing the errors to standard error. Without a data
// path, a program that declares data reads default_data_file (and says so).
std::optional<LoadedProgram> load_program(const std::string& model_path,
                                          const std::optional<std::string>& guide_path,
                                          const std::string& data_path,
                                          const frontend::CheckOptions& options = {});

// The data of a lowered program from a file (or "{}" without one): every
// entry checked against its declaration; undeclared entries are warned
// about. nullopt after printing the errors to standard error.
std::optional<runtime::ModelData> load_program_data(const ir::Program& program,
                                                    const std::string& data_file);

// Prints an error raised while running a program. An error with a place in
// the program (ppl::Error::place) is rendered like a compile error, with the
// file, the source line and a caret; otherwise "MODEL: error: message".
void report_run_error(const std::string& model_path, const LoadedProgram* loaded,
                      const std::exception& error);

// Writes JSON to the file (atomically: a temporary file renamed into place)
// or to standard output when the path is empty; false after printing why not.
bool write_json_output(const nlohmann::json& json, const std::string& path);

// A complete fit's outputs: FIT.json to the file, named on standard output
// and followed by its summary table (as ppl summary prints) with
// `show_summary`. Without a path nothing is written: the summary table goes
// to standard output, with how to keep the fit (--out).
bool write_fit_output(const nlohmann::json& fit, const std::string& path, bool show_summary);
// An interrupted fit's FIT.json ("complete": false) to the file, or
// without a path its brief form (no draws) to standard output.
bool write_incomplete_fit(const nlohmann::json& fit, const std::string& path);

}  // namespace ppl::cli
