#pragma once
// Vega specifications (vega.github.io, v5) of the report's charts, built
// from plain rows; html_report.h puts them on a page. Each chart is 380 x
// 170 pixels with its title and axis titles; a `series` field colors
// lines and bars (one per chain) and gets a legend when there are several.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ppl::io {

struct ChartTitles {
  std::string title, x, y;
};

struct LinePoint {
  std::string series;
  double x, y;
};
// Lines through the points of each series; `step` draws them as steps (a
// histogram's outline), `reference_y` a dashed horizontal rule.
nlohmann::json line_chart(const ChartTitles& titles, const std::vector<LinePoint>& points,
                          bool step = false, std::optional<double> reference_y = std::nullopt);

struct BarRow {
  std::string series;
  double low, high, count;
};
// Bars from low to high of height count, the series overlaid half-transparent.
nlohmann::json bar_chart(const ChartTitles& titles, const std::vector<BarRow>& bars);

struct ScatterPoint {
  double x, y;
  bool marked;  // drawn larger, in red (a divergent transition)
};
nlohmann::json scatter_chart(const ChartTitles& titles, const std::vector<ScatterPoint>& points,
                             const std::string& marked_label);

struct IntervalRow {
  double position;            // along x
  double low, middle, high;   // drawn as a bar from low to high with a tick at middle
  std::optional<double> observed;  // a red point
};
nlohmann::json interval_chart(const ChartTitles& titles, const std::vector<IntervalRow>& rows);

}  // namespace ppl::io
