#include "io/html_report.h"

#include <fmt/format.h>

#include <filesystem>

#include "core/error.h"
#include "core/text_file.h"

namespace ppl::io {
namespace {

// Vega's modules that parsing and drawing a specification need, each after
// those it requires (Vega's own bundle is these, built together).
const char* const kVegaModules[] = {
    "vega-util",      "vega-time",          "vega-format",    "vega-loader",
    "vega-dataflow",  "vega-scale",         "vega-canvas",    "vega-scenegraph",
    "vega-expression", "vega-selection",    "vega-statistics", "vega-event-selector",
    "vega-functions", "vega-runtime",       "vega-view",      "vega-parser",
    "vega-transforms", "vega-view-transforms", "vega-encode"};

// The modules are UMD builds: with an AMD `define` present each hands its
// exports to it, named here by the module about to run. Vega's bundle also
// registers every module's transforms with the dataflow; so does draw().
const char* kLoader = R"(
var pplModules = {}, pplModuleName = null;
function define(deps, factory) {
  var exports = {};
  var args = deps.map(function (d) {
    if (d === "exports") return exports;
    var m = pplModules[d === "vega-selections" ? "vega-selection" : d];
    if (!m) throw new Error("Vega module " + d + " is needed before " + pplModuleName);
    return m;
  });
  factory.apply(null, args);
  pplModules[pplModuleName] = exports;
}
define.amd = true;
)";

const char* kDraw = R"(
(function () {
  var specs = JSON.parse(document.getElementById("ppl-specs").textContent);
  var drawn = 0, failed = 0;
  var errors = document.getElementById("ppl-errors");
  function settle() {
    document.body.setAttribute("data-rendered", String(drawn));
    document.body.setAttribute("data-errors", String(failed));
  }
  try {
    Object.assign(pplModules["vega-dataflow"].transforms, pplModules["vega-transforms"],
                  pplModules["vega-view-transforms"], pplModules["vega-encode"]);
  } catch (e) { errors.textContent += "Vega did not load: " + e + "\n"; }
  var pending = specs.map(function (spec, i) {
    try {
      var view = new pplModules["vega-view"].View(pplModules["vega-parser"].parse(spec),
          {renderer: "svg", container: "#chart-" + i, hover: false});
      return view.runAsync().then(function () { drawn += 1; },
          function (e) { failed += 1; errors.textContent += "chart " + i + ": " + e + "\n"; });
    } catch (e) {
      failed += 1;
      errors.textContent += "chart " + i + ": " + e + "\n";
      return Promise.resolve();
    }
  });
  Promise.all(pending).then(settle);
})();
)";

const char* kStyle = R"(
body { font-family: sans-serif; margin: 24px; color: #222; }
h1 { font-size: 22px; margin-bottom: 4px; }
h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #ddd; }
.facts { color: #555; font-size: 13px; overflow-wrap: anywhere; max-width: 80em; }
.table-box { max-height: 420px; overflow-y: auto; display: inline-block; border: 1px solid #eee; }
.note { color: #555; font-size: 13px; max-width: 60em; }
table { border-collapse: collapse; font-size: 12px; margin-top: 8px; }
th, td { padding: 2px 8px; text-align: right; border-bottom: 1px solid #eee; }
th:first-child, td:first-child { text-align: left; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
#ppl-errors { color: #b00; white-space: pre-wrap; }
)";

std::string escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// JSON inside a <script> element: "</" would end the element.
std::string script_json(const nlohmann::json& value) {
  std::string text = value.dump();
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '<' && i + 1 < text.size() && text[i + 1] == '/') {
      out += "<\\/";
      ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

std::string html_report(const HtmlReport& report, const std::string& vega_dir) {
  std::string page = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  page += "<title>" + escaped(report.title) + "</title>\n<style>" + kStyle + "</style>\n";
  page += std::string("<script>") + kLoader + "</script>\n";
  for (const char* module : kVegaModules) {
    const std::filesystem::path path = std::filesystem::path(vega_dir) / (std::string(module) + ".min.js");
    if (!std::filesystem::exists(path))
      throw Error(fmt::format("{} is missing: ppl report inlines Vega's modules from Debian's "
                              "libjs-vega (apt-get install libjs-vega)",
                              path.string()));
    std::string source = read_text_file(path.string());
    // A module's text must not end the script element early.
    for (size_t at = source.find("</script"); at != std::string::npos; at = source.find("</script", at))
      source.replace(at, 2, "<\\/");
    page += fmt::format("<script>pplModuleName = \"{}\";</script>\n<script>{}</script>\n", module, source);
  }
  page += "</head>\n<body>\n<h1>" + escaped(report.title) + "</h1>\n";
  for (const std::string& fact : report.facts) page += "<div class=\"facts\">" + escaped(fact) + "</div>\n";
  page += "<div id=\"ppl-errors\"></div>\n";
  if (!report.table.rows.empty()) {
    page += "<h2>Summary</h2>\n<div class=\"table-box\"><table id=\"ppl-summary\">\n<tr>";
    for (const std::string& cell : report.table.header) page += "<th>" + escaped(cell) + "</th>";
    page += "</tr>\n";
    for (const std::vector<std::string>& row : report.table.rows) {
      page += "<tr>";
      for (const std::string& cell : row) page += "<td>" + escaped(cell) + "</td>";
      page += "</tr>\n";
    }
    page += "</table></div>\n";
  }
  nlohmann::json specs = nlohmann::json::array();
  for (const ReportSection& section : report.sections) {
    page += "<h2>" + escaped(section.heading) + "</h2>\n";
    if (!section.note.empty()) page += "<p class=\"note\">" + escaped(section.note) + "</p>\n";
    page += "<div class=\"charts\">\n";
    for (const nlohmann::json& chart : section.charts) {
      page += fmt::format("<div class=\"chart\" id=\"chart-{}\"></div>\n", specs.size());
      specs.push_back(chart);
    }
    page += "</div>\n";
  }
  page += "<script type=\"application/json\" id=\"ppl-specs\">" + script_json(specs) + "</script>\n";
  page += std::string("<script>") + kDraw + "</script>\n</body>\n</html>\n";
  return page;
}

}  // namespace ppl::io
