#include "io/json_array.h"

#include <fmt/format.h>

#include <cmath>

#include "core/error.h"

namespace ppl::io {
namespace {

// `leaf_depth`: the depth of the first number seen; an array there or
// deeper, after it, mixes numbers and arrays at one level.
bool flatten(const nlohmann::json& node, size_t depth, JsonArray& out, std::string& problem,
             std::optional<size_t>& leaf_depth) {
  if (node.is_array()) {
    if (leaf_depth && depth >= *leaf_depth) {
      problem = "it mixes numbers and arrays at the same level";
      return false;
    }
    if (depth == out.shape.size()) {
      out.shape.push_back(static_cast<int64_t>(node.size()));
    } else if (out.shape[depth] != static_cast<int64_t>(node.size())) {
      problem = "its rows have different lengths";
      return false;
    }
    for (const nlohmann::json& element : node)
      if (!flatten(element, depth + 1, out, problem, leaf_depth)) return false;
    return true;
  }
  if (depth != out.shape.size()) {
    problem = "it mixes numbers and arrays at the same level";
    return false;
  }
  leaf_depth = depth;
  if (node.is_boolean()) {
    out.saw_boolean = true;
    out.values.push_back(node.get<bool>() ? 1 : 0);
  } else if (node.is_number()) {
    out.values.push_back(node.get<double>());
  } else if (node.is_string()) {
    const std::string text = node.get<std::string>();
    if (text == "inf" || text == "Inf" || text == "Infinity") out.values.push_back(INFINITY);
    else if (text == "-inf" || text == "-Inf" || text == "-Infinity") out.values.push_back(-INFINITY);
    else if (text == "nan" || text == "NaN") out.values.push_back(NAN);
    else {
      problem = fmt::format("it holds the string \"{}\", not a number", text);
      return false;
    }
  } else {
    problem = fmt::format("it holds {}, not a number", node.type_name());
    return false;
  }
  return true;
}

}  // namespace

std::optional<JsonArray> read_json_array(const nlohmann::json& node, std::string& problem) {
  JsonArray out;
  std::optional<size_t> leaf_depth;
  if (!flatten(node, 0, out, problem, leaf_depth)) return std::nullopt;
  return out;
}

Array array_from_json(const nlohmann::json& node, const std::string& what) {
  std::string problem;
  std::optional<JsonArray> read = read_json_array(node, problem);
  if (!read) throw Error(fmt::format("{}: {}", what, problem));
  if (read->saw_boolean) throw Error(fmt::format("{}: it holds true or false, not a number", what));
  // An empty level leaves the deeper sizes unknown: they are 0.
  Shape shape(std::span<const int64_t>(read->shape.data(), read->shape.size()));
  return Array(shape, Eigen::Map<Eigen::ArrayXd>(read->values.data(), read->values.size()));
}

}  // namespace ppl::io
