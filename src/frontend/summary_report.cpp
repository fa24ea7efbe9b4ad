#include "frontend/summary_report.h"

#include <fmt/format.h>

#include <algorithm>

namespace ppl::frontend {
namespace {

const char* block_name(BlockKind block) { return block == BlockKind::Model ? "model" : "guide"; }

std::string site_role(const SiteSummary& site) {
  if (site.observed) return "observed";
  if (site.observed_if_data) return "observed-or-latent";
  return "latent";
}

std::string join(const std::vector<std::string>& items, const char* separator = ", ") {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

}  // namespace

std::string summary_text(const ProgramSummary& s) {
  std::string out = fmt::format("{}: ok\n", s.file_name);
  if (!s.data.empty()) {
    out += "data:\n";
    for (const DataSummary& d : s.data)
      out += fmt::format("  {:<16} {}{}\n", d.name, d.type, d.optional ? "  (optional)" : "");
  }
  if (!s.functions.empty()) out += fmt::format("functions: {}\n", join(s.functions));
  for (BlockKind block : {BlockKind::Model, BlockKind::Guide}) {
    if ((block == BlockKind::Model && !s.has_model) || (block == BlockKind::Guide && !s.has_guide))
      continue;
    out += fmt::format("{}:\n", block_name(block));
    for (const SiteSummary& site : s.sites) {
      if (site.block != block) continue;
      std::string where;
      if (!site.plates.empty()) where += " plates " + join(site.plates);
      if (!site.scan.empty()) where += " scan " + site.scan;
      if (site.in_for_loop) where += " for-loop (indexed names)";
      out += fmt::format("  site {:<14} {:<18} {:<24} shape {}{}\n", site.name, site_role(site),
                         site.distribution, site.shape, where);
    }
    for (const ParamSummary& p : s.params) {
      if (p.block != block) continue;
      out += fmt::format("  param {:<13} {:<10} shape {}\n", p.name, p.constraint, p.shape);
    }
    for (const PlateSummary& p : s.plates) {
      if (p.block != block) continue;
      out += fmt::format("  plate {:<13} size {}{} dim {}\n", p.name, p.size,
                         p.subsample_size.empty() ? "" : " subsample " + p.subsample_size, p.dim);
    }
    for (const ScanSummary& scan : s.scans) {
      if (scan.block != block) continue;
      out += fmt::format("  scan {:<14} range {}", scan.index, scan.range);
      if (!scan.carries.empty()) out += " carry (" + join(scan.carries) + ")";
      if (!scan.overs.empty()) out += " over (" + join(scan.overs) + ")";
      out += " sites (" + join(scan.sites) + ")\n";
    }
  }
  if (!s.deterministics.empty()) out += fmt::format("deterministic: {}\n", join(s.deterministics));
  if (!s.factors.empty()) out += fmt::format("factors: {}\n", join(s.factors));
  if (std::any_of(s.sites.begin(), s.sites.end(),
                  [](const SiteSummary& site) { return site.observed_if_data; }))
    out += "observed-or-latent: observed when its optional data entry is given, sampled when not\n";
  return out;
}

nlohmann::json summary_json(const ProgramSummary& s) {
  using nlohmann::json;
  json out;
  out["file"] = s.file_name;
  out["ok"] = true;
  out["data"] = json::array();
  for (const DataSummary& d : s.data)
    out["data"].push_back({{"name", d.name}, {"type", d.type}, {"optional", d.optional}});
  out["functions"] = s.functions;
  out["sites"] = json::array();
  for (const SiteSummary& site : s.sites) {
    out["sites"].push_back({{"name", site.name},
                            {"block", block_name(site.block)},
                            {"role", site_role(site)},
                            {"distribution", site.distribution},
                            {"shape", site.shape},
                            {"plates", site.plates},
                            {"scan", site.scan},
                            {"indexed_by_for_loop", site.in_for_loop},
                            {"line", site.location.line},
                            {"column", site.location.column}});
  }
  out["params"] = json::array();
  for (const ParamSummary& p : s.params)
    out["params"].push_back({{"name", p.name},
                             {"block", block_name(p.block)},
                             {"constraint", p.constraint},
                             {"shape", p.shape}});
  out["plates"] = json::array();
  for (const PlateSummary& p : s.plates)
    out["plates"].push_back({{"name", p.name},
                             {"block", block_name(p.block)},
                             {"size", p.size},
                             {"subsample_size", p.subsample_size},
                             {"dim", p.dim}});
  out["scans"] = json::array();
  for (const ScanSummary& scan : s.scans)
    out["scans"].push_back({{"index", scan.index},
                            {"block", block_name(scan.block)},
                            {"range", scan.range},
                            {"carries", scan.carries},
                            {"overs", scan.overs},
                            {"sites", scan.sites}});
  out["deterministic"] = s.deterministics;
  out["factors"] = s.factors;
  return out;
}

}  // namespace ppl::frontend
