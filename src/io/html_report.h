#pragma once
// The report page of `ppl report`: one self-contained HTML file that works
// offline, with a table and sections of charts (Vega specifications,
// vega_charts.h). Vega's modules come from Debian's libjs-vega and are
// inlined, loaded by a small AMD loader in the page; the specifications sit
// in one JSON script element (id "ppl-specs"), chart i draws into the
// element "chart-i", and the page sets data-rendered on <body> to the
// number of charts drawn (data-errors to the number that failed).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ppl::io {

struct ReportTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

struct ReportSection {
  std::string heading;
  std::string note;  // a sentence under the heading; may be empty
  std::vector<nlohmann::json> charts;
};

struct HtmlReport {
  std::string title;
  std::vector<std::string> facts;  // lines under the title
  ReportTable table;
  std::vector<ReportSection> sections;
};

// The page. ppl::Error when a Vega module is missing from `vega_dir`.
std::string html_report(const HtmlReport& report, const std::string& vega_dir);

// Where Debian's libjs-vega puts Vega's modules.
inline const char* kDebianVegaDir = "/usr/share/javascript/vega";

}  // namespace ppl::io
