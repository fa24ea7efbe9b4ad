#include "io/vega_charts.h"

#include <cmath>
#include <set>

namespace ppl::io {
namespace {

using json = nlohmann::json;

constexpr int kWidth = 380, kHeight = 170;

// JSON has no NaN or infinity: such numbers become null and Vega skips them.
json finite(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json base(const ChartTitles& titles) {
  return {{"$schema", "https://vega.github.io/schema/vega/v5.json"},
          {"width", kWidth},
          {"height", kHeight},
          {"padding", 5},
          {"title", {{"text", titles.title}, {"anchor", "start"}, {"fontSize", 13}}}};
}

json axes(const ChartTitles& titles) {
  return json::array({{{"orient", "bottom"}, {"scale", "x"}, {"title", titles.x}, {"tickCount", 6}},
                      {{"orient", "left"}, {"scale", "y"}, {"title", titles.y}, {"tickCount", 5}}});
}

json linear(const std::string& name, const std::string& range, json domain, bool zero = false) {
  return {{"name", name}, {"type", "linear"}, {"range", range}, {"domain", std::move(domain)},
          {"nice", true}, {"zero", zero}};
}

// A mark's x and y from its datum's fields, plus the other channels given.
json placed(const char* y_field, json channels) {
  channels["x"] = {{"scale", "x"}, {"field", "x"}};
  channels["y"] = {{"scale", "y"}, {"field", y_field}};
  return channels;
}

json color_scale(const std::string& data) {
  return {{"name", "color"}, {"type", "ordinal"}, {"range", "category"},
          {"domain", {{"data", data}, {"field", "series"}}}};
}

// A legend when more than one series is drawn.
void add_legend(json& spec, size_t series, const std::string& kind) {
  if (series > 1)
    spec["legends"] = json::array({{{"stroke", "color"}, {"fill", "color"}, {"title", kind}}});
}

}  // namespace

json line_chart(const ChartTitles& titles, const std::vector<LinePoint>& points, bool step,
                std::optional<double> reference_y) {
  json spec = base(titles);
  json values = json::array();
  std::set<std::string> series;
  for (const LinePoint& p : points) {
    values.push_back({{"series", p.series}, {"x", finite(p.x)}, {"y", finite(p.y)}});
    series.insert(p.series);
  }
  spec["data"] = json::array({{{"name", "points"}, {"values", values}}});
  json y_domain = {{"data", "points"}, {"field", "y"}};
  spec["scales"] = json::array({linear("x", "width", {{"data", "points"}, {"field", "x"}}),
                                linear("y", "height", y_domain, step), color_scale("points")});
  spec["axes"] = axes(titles);
  json line = {{"type", "line"},
               {"from", {{"data", "series_points"}}},
               {"encode",
                {{"enter", placed("y", {{"defined", {{"signal", "isValid(datum.y)"}}},
                                        {"stroke", {{"scale", "color"}, {"field", "series"}}},
                                        {"strokeWidth", {{"value", 1.2}}},
                                        {"strokeOpacity", {{"value", 0.8}}}})}}}};
  if (step) line["encode"]["enter"]["interpolate"] = {{"value", "step-after"}};
  spec["marks"] = json::array(
      {{{"type", "group"},
        {"from", {{"facet", {{"name", "series_points"}, {"data", "points"}, {"groupby", "series"}}}}},
        {"marks", json::array({line})}}});
  if (reference_y)
    spec["marks"].push_back({{"type", "rule"},
                             {"encode",
                              {{"enter",
                                {{"x", {{"value", 0}}},
                                 {"x2", {{"signal", "width"}}},
                                 {"y", {{"scale", "y"}, {"value", *reference_y}}},
                                 {"stroke", {{"value", "#444"}}},
                                 {"strokeDash", {{"value", json::array({4, 3})}}}}}}}});
  add_legend(spec, series.size(), "chain");
  return spec;
}

json bar_chart(const ChartTitles& titles, const std::vector<BarRow>& bars) {
  json spec = base(titles);
  json values = json::array();
  std::set<std::string> series;
  for (const BarRow& b : bars) {
    values.push_back({{"series", b.series}, {"low", finite(b.low)}, {"high", finite(b.high)},
                      {"count", finite(b.count)}});
    series.insert(b.series);
  }
  spec["data"] = json::array({{{"name", "bars"}, {"values", values}}});
  spec["scales"] = json::array(
      {linear("x", "width", {{"data", "bars"}, {"fields", json::array({"low", "high"})}}),
       linear("y", "height", {{"data", "bars"}, {"field", "count"}}, true), color_scale("bars")});
  spec["axes"] = axes(titles);
  spec["marks"] = json::array({{{"type", "rect"},
                                {"from", {{"data", "bars"}}},
                                {"encode",
                                 {{"enter",
                                   {{"x", {{"scale", "x"}, {"field", "low"}}},
                                    {"x2", {{"scale", "x"}, {"field", "high"}}},
                                    {"y", {{"scale", "y"}, {"field", "count"}}},
                                    {"y2", {{"scale", "y"}, {"value", 0}}},
                                    {"fill", {{"scale", "color"}, {"field", "series"}}},
                                    {"fillOpacity", {{"value", series.size() > 1 ? 0.45 : 0.8}}}}}}}}});
  add_legend(spec, series.size(), "");
  return spec;
}

json scatter_chart(const ChartTitles& titles, const std::vector<ScatterPoint>& points,
                   const std::string& marked_label) {
  json spec = base(titles);
  json values = json::array();
  for (const ScatterPoint& p : points)
    values.push_back({{"x", finite(p.x)}, {"y", finite(p.y)}, {"marked", p.marked}});
  spec["data"] = json::array({{{"name", "points"}, {"values", values}}});
  spec["scales"] = json::array({linear("x", "width", {{"data", "points"}, {"field", "x"}}),
                                linear("y", "height", {{"data", "points"}, {"field", "y"}})});
  spec["axes"] = axes(titles);
  spec["marks"] = json::array(
      {{{"type", "symbol"},
        {"from", {{"data", "points"}}},
        {"encode",
         {{"enter", placed("y", {{"size", {{"signal", "datum.marked ? 36 : 8"}}},
                                 {"fill", {{"signal", "datum.marked ? '#d62728' : '#1f77b4'"}}},
                                 {"fillOpacity", {{"signal", "datum.marked ? 0.9 : 0.35"}}},
                                 {"zindex", {{"signal", "datum.marked ? 1 : 0"}}}})}}}}});
  spec["title"]["subtitle"] = "red: " + marked_label;
  return spec;
}

json interval_chart(const ChartTitles& titles, const std::vector<IntervalRow>& rows) {
  json spec = base(titles);
  json values = json::array();
  for (const IntervalRow& r : rows)
    values.push_back({{"x", finite(r.position)},
                      {"low", finite(r.low)},
                      {"middle", finite(r.middle)},
                      {"high", finite(r.high)},
                      {"observed", r.observed ? finite(*r.observed) : json(nullptr)}});
  spec["data"] = json::array({{{"name", "rows"}, {"values", values}}});
  json x = linear("x", "width", {{"data", "rows"}, {"field", "x"}});
  x["padding"] = 10;  // pixels: the first and last intervals clear of the axes
  spec["scales"] = json::array(
      {x,
       linear("y", "height", {{"data", "rows"}, {"fields", json::array({"low", "high", "observed"})}})});
  spec["axes"] = axes(titles);
  const auto mark = [](const char* type, const char* y_field, json channels) {
    return json{{"type", type},
                {"from", {{"data", "rows"}}},
                {"encode", {{"enter", placed(y_field, std::move(channels))}}}};
  };
  spec["marks"] = json::array(
      {mark("rule", "low",
            {{"y2", {{"scale", "y"}, {"field", "high"}}},
             {"stroke", {{"value", "#1f77b4"}}},
             {"strokeWidth", {{"value", 2}}},
             {"strokeOpacity", {{"value", 0.6}}}}),
       mark("symbol", "middle",
            {{"shape", {{"value", "stroke"}}}, {"size", {{"value", 40}}},
             {"stroke", {{"value", "#1f77b4"}}}}),
       mark("symbol", "observed",
            {{"size", {{"value", 30}}}, {"fill", {{"value", "#d62728"}}},
             {"opacity", {{"signal", "isValid(datum.observed) ? 1 : 0"}}}})});
  spec["title"]["subtitle"] = "blue: replicated 5%-95% and median; red: observed";
  return spec;
}

}  // namespace ppl::io
