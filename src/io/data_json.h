#pragma once
// Data for a program's `data` block from JSON in CmdStan's layout: numbers,
// nested arrays and integers. Every entry is checked against its declaration
// (presence, element type, rank and sizes); a mismatch is an error that names
// the entry, its declared shape and the shape found.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ir/ir.h"

namespace ppl::io {

struct DataValue {
  std::vector<int64_t> shape;
  std::vector<double> values;  // row-major; ints and bools as exact doubles
};

struct LoadedData {
  // One per data entry of the program, in declaration order; nullopt when an
  // optional entry is absent.
  std::vector<std::optional<DataValue>> entries;
  // Entries of the file the program does not declare (ignored, but worth a
  // warning: a misspelt name leaves the declared entry absent or unused).
  std::vector<std::string> undeclared;
};

// Throws std::runtime_error with every problem found, one per line, each
// starting with "data entry 'name':".
LoadedData load_data_json(const std::string& json_text, const std::vector<ir::DataEntry>& declared,
                          const std::string& source_name);
// nlohmann's message for a JSON fault without its "[json.exception...] " tag.
std::string json_error_text(const std::exception& error);

LoadedData load_data_file(const std::string& path, const std::vector<ir::DataEntry>& declared);

}  // namespace ppl::io
