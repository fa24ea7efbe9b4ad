#pragma once
// The one reader of numbers and nested arrays of numbers in JSON, row-major,
// as data files, init values, posterior draws and fitted params hold them.
// CmdStan's strings for non-finite numbers ("inf", "-inf", "NaN") are numbers;
// true and false are read as 1 and 0 and flagged, for the callers that refuse
// them.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/array.h"

namespace ppl::io {

struct JsonArray {
  std::vector<int64_t> shape;  // empty for a number; an empty array fixes only its own level
  std::vector<double> values;
  bool saw_boolean = false;
};

// nullopt with `problem` set ("its rows have different lengths", "it holds
// null, not a number", ...) when the node is not a rectangular array of numbers.
std::optional<JsonArray> read_json_array(const nlohmann::json& node, std::string& problem);

// The node as an Array; throws ppl::Error "WHAT: problem". Booleans are refused.
Array array_from_json(const nlohmann::json& node, const std::string& what);

}  // namespace ppl::io
