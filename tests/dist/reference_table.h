#pragma once
// The reference log densities of tests/dist/reference_values.md (written by
// generate_reference_values.py from scipy and mpmath, sources on each line),
// read at test time so the table and its provenance stay in one file.
#include <algorithm>
#include <cmath>
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
// The name may hold spaces and bars: {"KL Normal||Normal", {p..., q...}, {}, kl}
// keeps a KL divergence in the log_prob field.
inline std::vector<ReferenceValue> reference_values(const std::string& name = "") {
  std::ifstream in(std::string(PPL_SOURCE_DIR) + "/tests/dist/reference_values.md");
  std::regex line_pattern(R"re(^\{"([^"]+)", \{([^}]*)\}, \{([^}]*)\}, ([-+0-9.eE]+|-?inf)\},\s*//\s*(.*)$)re");
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

// How close a computed value must be to a reference: 1e-10 relative, and
// 1e-12 absolute where the reference is below 1e-2 in magnitude (near 0 a
// relative bound would ask for more digits than the computation has).
inline double reference_tolerance(double reference) {
  return std::max(1e-10 * std::abs(reference), 1e-12);
}

}  // namespace ppl::test
