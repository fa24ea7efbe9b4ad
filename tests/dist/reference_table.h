#pragma once
// The reference log densities of tests/dist/reference_values.md (written by
// generate_reference_values.py from scipy and mpmath, sources on each line),
// read at test time so the table and its provenance stay in one file.
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace ppl::test {

struct ReferenceValue {
  std::string distribution;
  std::vector<double> parameters;  // NumPyro's order; see the script for multivariate layouts
  std::vector<double> value;
  double log_prob;
  std::string source;  // the line's comment
};

inline std::vector<double> parse_numbers(const std::string& text) {
  std::vector<double> numbers;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    if (item.find_first_not_of(" ") == std::string::npos) continue;
    numbers.push_back(std::stod(item));
  }
  return numbers;
}

// Every line of the form {"Name", {params}, {value}, log_prob},  // source
inline std::vector<ReferenceValue> reference_values(const std::string& name = "") {
  std::ifstream in(std::string(PPL_SOURCE_DIR) + "/tests/dist/reference_values.md");
  std::regex line_pattern(R"re(^\{"(\w+)", \{([^}]*)\}, \{([^}]*)\}, ([-+0-9.eE]+|-?inf)\},\s*//\s*(.*)$)re");
  std::vector<ReferenceValue> values;
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (!std::regex_match(line, m, line_pattern)) continue;
    if (!name.empty() && m[1] != name) continue;
    values.push_back({m[1], parse_numbers(m[2]), parse_numbers(m[3]), std::stod(m[4]), m[5]});
  }
  return values;
}

}  // namespace ppl::test
