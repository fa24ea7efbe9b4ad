#include "io/data_json.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>

#include "core/error.h"
#include "core/text_file.h"
#include "io/json_array.h"

namespace ppl::io {
namespace {

using nlohmann::json;

// The data file is at fault: the diagnostic names it.
Error data_error(const std::string& source_name, const char* id, std::string message,
                 std::vector<std::string> notes = {}) {
  Diagnostic diagnostic;
  diagnostic.file = source_name;
  diagnostic.message = std::move(message);
  diagnostic.notes = std::move(notes);
  diagnostic.id = id;
  return Error(std::vector<Diagnostic>{diagnostic});
}

// A bare NaN or Infinity (Python's json.dump writes them), or a number past a
// double, is not JSON: say how CmdStan's data files write those values.
std::vector<std::string> non_finite_number_notes(const std::string& parse_error) {
  const std::string marker = "last read: '";
  const size_t start = parse_error.rfind(marker);
  bool bare_word = false;
  if (start != std::string::npos) {
    std::string token = parse_error.substr(start + marker.size());
    token = token.substr(0, token.rfind('\''));
    if (const size_t cut = token.find_last_of(",[: "); cut != std::string::npos)
      token.erase(0, cut + 1);
    if (!token.empty() && token[0] == '-') token.erase(0, 1);
    bare_word = !token.empty() && std::string("NnIi").find(token[0]) != std::string::npos;
  }
  if (!bare_word && parse_error.find("number overflow") == std::string::npos) return {};
  return {"NaN and infinities are not JSON numbers: write them as the strings \"NaN\", \"Inf\" "
          "and \"-Inf\", as CmdStan's data files do"};
}

std::string shape_text(const std::vector<int64_t>& shape) {
  if (shape.empty()) return "a scalar";
  std::string out = "[";
  for (size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + "]";
}

const char* type_name(ir::ElementType type) {
  switch (type) {
    case ir::ElementType::Int: return "int";
    case ir::ElementType::Bool: return "bool";
    case ir::ElementType::Real: return "real";
  }
  return "real";
}

}  // namespace

std::string json_error_text(const std::exception& error) {
  const std::string what = error.what();
  if (what.rfind("[json.exception.", 0) != 0) return what;
  const size_t tag_end = what.find("] ");
  return tag_end == std::string::npos ? what : what.substr(tag_end + 2);
}

LoadedData load_data_json(const std::string& json_text, const std::vector<ir::DataEntry>& declared,
                          const std::string& source_name) {
  json document;
  // Top-level names seen, to refuse a name given twice (JSON keeps the last).
  std::set<std::string> names;
  std::string repeated;
  auto on_event = [&](int depth, json::parse_event_t event, json& parsed) {
    if (depth == 1 && event == json::parse_event_t::key && parsed.is_string() &&
        !names.insert(parsed.get<std::string>()).second && repeated.empty())
      repeated = parsed.get<std::string>();
    return true;
  };
  try {
    document = json::parse(json_text, on_event);
  } catch (const json::exception& error) {
    // parse_error, and out_of_range for numbers past a double (1e309).
    const std::string text = json_error_text(error);
    throw data_error(source_name, "data_not_json", "not valid JSON: " + text,
                     non_finite_number_notes(text));
  }
  if (!repeated.empty())
    throw data_error(source_name, "data_entry_repeated",
                     fmt::format("the entry '{}' is given twice; JSON would keep only the last",
                                 repeated));
  if (!document.is_object())
    throw data_error(source_name, "data_not_object",
                     "the data must be a JSON object of named entries");

  std::vector<std::string> problems;
  LoadedData loaded;
  for (const ir::DataEntry& entry : declared) {
    auto problem = [&](const std::string& text) {
      problems.push_back(fmt::format("data entry '{}': {}", entry.name, text));
      loaded.entries.emplace_back();
    };
    // Sizes named by other entries; -1 where that entry is itself missing or wrong.
    std::vector<int64_t> declared_shape;
    bool negative_size = false;
    for (const ir::DataEntry::DimSpec& dim : entry.dims) {
      if (dim.data_index < 0) {
        declared_shape.push_back(dim.size);
        continue;
      }
      const auto& size_entry = loaded.entries[dim.data_index];
      int64_t size = size_entry && size_entry->values.size() == 1
                         ? static_cast<int64_t>(size_entry->values[0])
                         : -1;
      if (size_entry && size < 0) negative_size = true;
      declared_shape.push_back(size);
    }
    auto declared_text = [&]() {
      std::string out = type_name(entry.element_type);
      if (entry.dims.empty()) return out;
      out += "[";
      for (size_t i = 0; i < entry.dims.size(); ++i) {
        if (i) out += ", ";
        const ir::DataEntry::DimSpec& dim = entry.dims[i];
        // A size entry that is missing or wrong has no value to show.
        out += dim.data_index < 0        ? std::to_string(dim.size)
               : declared_shape[i] < 0 && !negative_size
                   ? declared[dim.data_index].name
                   : fmt::format("{} = {}", declared[dim.data_index].name, declared_shape[i]);
      }
      return out + "]";
    };

    if (negative_size) {
      problem(fmt::format("declared as {}, and a size cannot be negative", declared_text()));
      continue;
    }
    auto found = document.find(entry.name);
    if (found == document.end()) {
      if (entry.optional) {
        loaded.entries.emplace_back();
      } else {
        problem(fmt::format("missing; it is declared as {} (mark it optional with '?' if it may "
                            "be absent)",
                            declared_text()));
      }
      continue;
    }
    std::string read_problem;
    std::optional<JsonArray> read = read_json_array(*found, read_problem);
    if (!read) {
      problem(read_problem);
      continue;
    }
    DataValue value{std::move(read->shape), std::move(read->values)};
    // true and false are booleans only: as a real or a size they are a slip.
    if (read->saw_boolean && entry.element_type != ir::ElementType::Bool) {
      problem(fmt::format("declared {}, but it holds true or false", type_name(entry.element_type)));
      continue;
    }
    // Ragged-free but empty inner levels ([[], []]) leave the deeper dims unset.
    bool shape_matches = value.shape.size() == declared_shape.size();
    for (size_t i = 0; shape_matches && i < value.shape.size(); ++i)
      shape_matches = declared_shape[i] < 0 || declared_shape[i] == value.shape[i];
    // CmdStan writes a length-1 array as a bare number; accept it for a [1] entry.
    if (!shape_matches && value.shape.empty() && declared_shape.size() == 1 &&
        declared_shape[0] == 1) {
      value.shape = {1};
      shape_matches = true;
    }
    if (!shape_matches) {
      problem(fmt::format("declared as {}, but the data has shape {}", declared_text(),
                          shape_text(value.shape)));
      continue;
    }
    bool types_ok = true;
    for (double v : value.values) {
      if (entry.element_type == ir::ElementType::Int && (std::isnan(v) || v != std::floor(v))) {
        problem(fmt::format("declared int, but it holds the non-integer {}", v));
        types_ok = false;
        break;
      }
      if (entry.element_type == ir::ElementType::Bool && v != 0 && v != 1) {
        problem(fmt::format("declared bool, but it holds {}", v));
        types_ok = false;
        break;
      }
      if (entry.element_type == ir::ElementType::Int && std::isinf(v)) {
        problem("declared int, but it holds an infinite value");
        types_ok = false;
        break;
      }
      // Integers past 2^53 are not held exactly by a double, and sizes past
      // 2^63 would wrap negative.
      if (entry.element_type == ir::ElementType::Int && std::abs(v) > 9007199254740992.0) {
        problem(fmt::format("declared int, but {} is larger than the largest exact integer, 2^53",
                            v));
        types_ok = false;
        break;
      }
    }
    if (types_ok) loaded.entries.emplace_back(std::move(value));
  }
  // Entries the program does not declare are ignored (one data file may
  // serve several models), and listed for a warning.
  for (const auto& item : document.items()) {
    const std::string& name = item.key();
    bool declared_here = std::any_of(declared.begin(), declared.end(),
                                     [&](const ir::DataEntry& e) { return e.name == name; });
    if (!declared_here) loaded.undeclared.push_back(name);
  }
  if (!problems.empty()) {
    std::string message = "the data do not match the data block:";
    for (const std::string& p : problems) message += "\n  " + p;
    throw data_error(source_name, "data_mismatch", message);
  }
  return loaded;
}

LoadedData load_data_file(const std::string& path, const std::vector<ir::DataEntry>& declared) {
  return load_data_json(read_text_file(path), declared, path);
}

}  // namespace ppl::io
