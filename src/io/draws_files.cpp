#include "io/draws_files.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <limits>
#include <map>
#include <sstream>

#include "core/error.h"
#include "core/text_file.h"
#include "io/fit_json.h"

namespace ppl::io {

namespace {

// Splits "a,b,c" at commas.
std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) out.push_back(field);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

std::string trimmed(const std::string& text) {
  const size_t begin = text.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t\r") - begin + 1);
}

struct CsvFile {
  std::vector<std::string> columns;
  std::vector<std::vector<double>> rows;
  std::map<std::string, std::string> settings;  // "# key = value" lines before the header
};

CsvFile read_csv(const std::string& path) {
  const std::string text = read_text_file(path);
  CsvFile file;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (line[0] == '#') {
      const size_t equals = line.find('=');
      if (file.columns.empty() && equals != std::string::npos)
        file.settings[trimmed(line.substr(1, equals - 1))] = trimmed(line.substr(equals + 1));
      continue;
    }
    if (file.columns.empty()) {
      file.columns = fields(line);
      for (std::string& column : file.columns) column = trimmed(column);
      continue;
    }
    const std::vector<std::string> values = fields(line);
    if (values.size() != file.columns.size())
      throw Error(fmt::format("{}:{}: {} values, but the header has {} columns", path, number,
                              values.size(), file.columns.size()));
    std::vector<double> row(values.size());
    for (size_t k = 0; k < values.size(); ++k) {
      const std::string value = trimmed(values[k]);
      char* end = nullptr;
      errno = 0;
      row[k] = std::strtod(value.c_str(), &end);
      if (value.empty() || end != value.c_str() + value.size())
        throw Error(fmt::format("{}:{}: column '{}' holds '{}', not a number", path, number,
                                file.columns[k], value));
    }
    file.rows.push_back(std::move(row));
  }
  if (file.columns.empty())
    throw Error(fmt::format("{}: no header line (a CmdStan CSV names its columns: lp__, ...)", path));
  return file;
}

// "theta.2.1" as the site "theta" and the 0-based index [1, 0].
std::pair<std::string, std::vector<int64_t>> split_column(const std::string& column,
                                                          const std::string& path) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(column);
  while (std::getline(in, part, '.')) parts.push_back(part);
  if (parts.empty()) return {column, {}};
  std::vector<int64_t> index;
  for (size_t k = 1; k < parts.size(); ++k) {
    char* end = nullptr;
    const long long i = std::strtoll(parts[k].c_str(), &end, 10);
    if (parts[k].empty() || *end != '\0' || i < 1)
      throw Error(fmt::format("{}: column '{}' is not NAME or NAME.I.J with 1-based indices", path,
                              column));
    index.push_back(i - 1);
  }
  return {parts[0], index};
}

}  // namespace

namespace {

// FIT.json's sample_stats (chain x draw arrays) into the chains' records;
// null (a non-finite value) reads as NaN.
void read_sample_stats(const nlohmann::json& stats, const std::string& path,
                       std::vector<ChainRecord>& chains) {
  const auto read = [&](const char* name, auto&& store) {
    if (!stats.contains(name)) return;
    const nlohmann::json& by_chain = stats[name];
    if (!by_chain.is_array() || by_chain.size() != chains.size())
      throw Error(fmt::format("{}: sample_stats.{} has not one array per chain ({})", path, name,
                              chains.size()));
    for (size_t c = 0; c < chains.size(); ++c) {
      if (!by_chain[c].is_array() || static_cast<int>(by_chain[c].size()) != chains[c].draws)
        throw Error(fmt::format("{}: sample_stats.{} of chain {} has not {} draws", path, name,
                                c + 1, chains[c].draws));
      for (const nlohmann::json& value : by_chain[c]) {
        if (!value.is_null() && !value.is_number() && !value.is_boolean())
          throw Error(fmt::format("{}: sample_stats.{} of chain {} holds {}, not a number", path,
                                  name, c + 1, value.dump()));
        store(chains[c], value.is_null()      ? std::numeric_limits<double>::quiet_NaN()
                         : value.is_boolean() ? (value.get<bool>() ? 1.0 : 0.0)
                                              : value.get<double>());
      }
    }
  };
  read("energy", [](ChainRecord& c, double v) { c.energies.push_back(v); });
  read("lp", [](ChainRecord& c, double v) { c.lp.push_back(v); });
  read("acceptance_rate", [](ChainRecord& c, double v) { c.acceptance_rate.push_back(v); });
  read("tree_depth", [&](ChainRecord& c, double v) {
    if (!(v >= 0 && v <= 1000))
      throw Error(fmt::format("{}: sample_stats.tree_depth holds {}, not a tree depth", path, v));
    c.tree_depth.push_back(static_cast<int>(v));
  });
  read("diverging", [](ChainRecord& c, double v) { c.diverging.push_back(v != 0); });
}

}  // namespace

FitDraws read_fit_json_draws(const nlohmann::json& fit, const std::string& path) {
  if (!fit.is_object())
    throw Error(fmt::format("{}: not a fit (a JSON object with \"draws\", as ppl fit --out "
                            "writes)",
                            path));
  FitDraws out;
  out.method = fit.contains("method") && fit["method"].is_string() ? fit["method"].get<std::string>() : "";
  if (out.method.empty() && fit.contains("posterior_draws")) out.method = "predict";
  if (!fit.contains("draws") || !fit["draws"].is_object())
    throw Error(fmt::format("{}: no \"draws\" section (write it with ppl fit --out)", path));
  const std::vector<SiteValues> draws = read_fit_draws(fit);
  const std::vector<size_t> lengths = draws_per_chain(fit, path);
  const int chains = static_cast<int>(lengths.size());
  const size_t per_chain = lengths.front();
  for (const auto& [name, site] : fit["draws"].items()) {
    SiteDraws s{name, shape_in_fit(site, fmt::format("{}: the draws of '{}'", path, name)), {}};
    s.draws.resize(chains);
    for (size_t i = 0; i < draws.size(); ++i) {
      const Array& value = draws[i].at(name);
      s.draws[i / per_chain].emplace_back(value.values().begin(), value.values().end());
    }
    out.sites.push_back(std::move(s));
  }
  // The model's order, where the file gives it (JSON objects sort by name).
  if (fit.contains("site_order") && fit["site_order"].is_array()) {
    std::map<std::string, size_t> position;
    for (size_t i = 0; i < fit["site_order"].size(); ++i)
      if (fit["site_order"][i].is_string()) position[fit["site_order"][i].get<std::string>()] = i;
    std::stable_sort(out.sites.begin(), out.sites.end(), [&](const SiteDraws& a, const SiteDraws& b) {
      const auto at = [&](const SiteDraws& s) {
        auto it = position.find(s.name);
        return it == position.end() ? position.size() : it->second;
      };
      return at(a) < at(b);
    });
  }
  out.chains.resize(chains);
  for (ChainRecord& chain : out.chains) chain.draws = static_cast<int>(per_chain);
  if (fit.contains("sampler") && fit["sampler"].is_array())
    for (size_t c = 0; c < fit["sampler"].size() && c < out.chains.size(); ++c) {
      const nlohmann::json& record = fit["sampler"][c];
      if (!record.is_object()) continue;
      if (record.contains("divergences") && record["divergences"].is_number_integer())
        out.chains[c].divergences = record["divergences"].get<int>();
      if (record.contains("max_tree_depth_hits") && record["max_tree_depth_hits"].is_number_integer())
        out.chains[c].max_tree_depth_hits = record["max_tree_depth_hits"].get<int>();
    }
  if (fit.contains("settings") && fit["settings"].is_object() &&
      fit["settings"].contains("max_tree_depth") && fit["settings"]["max_tree_depth"].is_number_integer())
    for (ChainRecord& chain : out.chains)
      chain.max_tree_depth = fit["settings"]["max_tree_depth"].get<int>();
  if (fit.contains("sample_stats") && fit["sample_stats"].is_object())
    read_sample_stats(fit["sample_stats"], path, out.chains);
  return out;
}

FitDraws read_cmdstan_csv_files(const std::vector<std::string>& paths) {
  FitDraws out;
  out.method = "cmdstan csv";
  std::vector<std::string> columns;
  // Each site's columns: where its elements go.
  struct Column {
    size_t site;
    int64_t element;
  };
  std::vector<Column> placement;
  std::map<std::string, int> stat_column;
  for (const std::string& path : paths) {
    CsvFile file = read_csv(path);
    if (columns.empty()) {
      columns = file.columns;
      std::map<std::string, size_t> site_of;
      std::vector<std::vector<std::vector<int64_t>>> indices;  // per site, per column
      std::vector<std::vector<size_t>> site_columns;
      for (size_t k = 0; k < columns.size(); ++k) {
        const std::string& column = columns[k];
        const bool sampler = column.size() > 2 && column.ends_with("__") && column != "lp__";
        if (sampler) {
          stat_column[column] = static_cast<int>(k);
          continue;
        }
        auto [name, index] = split_column(column, path);
        auto [it, fresh] = site_of.emplace(name, out.sites.size());
        if (fresh) {
          out.sites.push_back({name, {}, {}});
          indices.emplace_back();
          site_columns.emplace_back();
        }
        indices[it->second].push_back(index);
        site_columns[it->second].push_back(k);
      }
      placement.assign(columns.size(), Column{SIZE_MAX, 0});
      for (size_t s = 0; s < out.sites.size(); ++s) {
        std::vector<int64_t>& shape = out.sites[s].shape;
        shape.assign(indices[s][0].size(), 0);
        for (const std::vector<int64_t>& index : indices[s]) {
          if (index.size() != shape.size())
            throw Error(fmt::format("{}: the columns of '{}' have different numbers of indices",
                                    path, out.sites[s].name));
          for (size_t d = 0; d < index.size(); ++d) shape[d] = std::max(shape[d], index[d] + 1);
        }
        int64_t elements = 1;
        for (int64_t n : shape) elements *= n;
        if (elements != static_cast<int64_t>(indices[s].size()))
          throw Error(fmt::format("{}: '{}' has {} columns, its shape needs {}", path,
                                  out.sites[s].name, indices[s].size(), elements));
        for (size_t j = 0; j < indices[s].size(); ++j) {
          int64_t flat = 0;
          for (size_t d = 0; d < shape.size(); ++d) flat = flat * shape[d] + indices[s][j][d];
          placement[site_columns[s][j]] = {s, flat};
        }
      }
    } else if (file.columns != columns) {
      throw Error(fmt::format("{}: its columns differ from those of {}; give the chains of one fit",
                              path, paths.front()));
    }
    // Warmup draws saved in the file come first.
    size_t skip = 0;
    const auto setting = [&](const char* key) {
      auto it = file.settings.find(key);
      return it == file.settings.end() ? std::string() : it->second;
    };
    // CmdStan writes "num_warmup = 200" and "max_depth = 10"; rstan's
    // sample_file "warmup=200" and "max_treedepth=10".
    const auto either = [&](const char* cmdstan, const char* rstan) {
      const std::string value = setting(cmdstan);
      return value.empty() ? setting(rstan) : value;
    };
    const std::string save_warmup = setting("save_warmup");
    if (save_warmup == "1" || save_warmup == "true") {
      const int warmup = std::atoi(either("num_warmup", "warmup").c_str());
      const int thin = std::max(1, std::atoi(setting("thin").c_str()));
      skip = static_cast<size_t>((warmup + thin - 1) / thin);
    }
    if (file.rows.size() <= skip)
      throw Error(fmt::format("{}: no draws after the warmup", path));
    ChainRecord chain;
    chain.draws = static_cast<int>(file.rows.size() - skip);
    if (const std::string depth = either("max_depth", "max_treedepth"); !depth.empty())
      chain.max_tree_depth = std::atoi(depth.c_str());
    for (SiteDraws& site : out.sites) {
      int64_t elements = 1;
      for (int64_t n : site.shape) elements *= n;
      site.draws.emplace_back(chain.draws, std::vector<double>(elements));
    }
    const auto stat = [&](const char* name) {
      auto it = stat_column.find(name);
      return it == stat_column.end() ? -1 : it->second;
    };
    int divergences = 0, depth_hits = 0;
    for (size_t r = skip; r < file.rows.size(); ++r) {
      const std::vector<double>& row = file.rows[r];
      for (size_t k = 0; k < row.size(); ++k)
        if (placement[k].site != SIZE_MAX)
          out.sites[placement[k].site].draws.back()[r - skip][placement[k].element] = row[k];
      if (stat("divergent__") >= 0) divergences += row[stat("divergent__")] != 0;
      if (stat("treedepth__") >= 0 && chain.max_tree_depth)
        depth_hits += row[stat("treedepth__")] >= *chain.max_tree_depth;
      if (stat("energy__") >= 0) chain.energies.push_back(row[stat("energy__")]);
      if (stat("lp__") >= 0) chain.lp.push_back(row[stat("lp__")]);
      if (stat("accept_stat__") >= 0) chain.acceptance_rate.push_back(row[stat("accept_stat__")]);
      if (stat("treedepth__") >= 0) chain.tree_depth.push_back(static_cast<int>(row[stat("treedepth__")]));
      if (stat("divergent__") >= 0) chain.diverging.push_back(row[stat("divergent__")] != 0);
    }
    if (stat("divergent__") >= 0) chain.divergences = divergences;
    if (stat("treedepth__") >= 0 && chain.max_tree_depth) chain.max_tree_depth_hits = depth_hits;
    out.chains.push_back(std::move(chain));
  }
  for (size_t c = 1; c < out.chains.size(); ++c)
    if (out.chains[c].draws != out.chains[0].draws)
      throw Error(fmt::format("{} has {} draws and {} has {}: the chains of a summary have one "
                              "length",
                              paths[c], out.chains[c].draws, paths[0], out.chains[0].draws));
  return out;
}

}  // namespace ppl::io
