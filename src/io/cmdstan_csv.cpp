#include "io/cmdstan_csv.h"

#include <fmt/format.h>

namespace ppl::io {

std::vector<int64_t> cmdstan_column_offsets(const std::vector<int64_t>& shape) {
  int64_t total = 1;
  for (int64_t n : shape) total *= n;
  std::vector<int64_t> offsets;
  offsets.reserve(total);
  // Column-major: the first index runs fastest.
  std::vector<int64_t> index(shape.size(), 0);
  for (int64_t k = 0; k < total; ++k) {
    int64_t offset = 0;
    for (size_t d = 0; d < shape.size(); ++d) offset = offset * shape[d] + index[d];
    offsets.push_back(offset);
    for (size_t d = 0; d < shape.size(); ++d) {
      if (++index[d] < shape[d]) break;
      index[d] = 0;
    }
  }
  return offsets;
}

std::vector<std::string> cmdstan_column_names(const CsvSite& site) {
  if (site.shape.empty()) return {site.name};
  std::vector<std::string> names;
  std::vector<int64_t> index(site.shape.size(), 0);
  for (int64_t k = 0, total = static_cast<int64_t>(cmdstan_column_offsets(site.shape).size());
       k < total; ++k) {
    std::string name = site.name;
    for (int64_t i : index) name += "." + std::to_string(i + 1);
    names.push_back(name);
    for (size_t d = 0; d < site.shape.size(); ++d) {
      if (++index[d] < site.shape[d]) break;
      index[d] = 0;
    }
  }
  return names;
}

static std::string number(double v) { return fmt::format("{:.9g}", v); }

void write_cmdstan_csv(std::ostream& out, const std::vector<CsvSite>& sites, const CsvChain& chain) {
  for (const auto& [key, value] : chain.settings) out << "# " << key << " = " << value << "\n";
  out << "# id = " << chain.chain_id << "\n";

  out << "lp__,accept_stat__,stepsize__,treedepth__,n_leapfrog__,divergent__,energy__";
  std::vector<std::vector<int64_t>> offsets;
  for (const CsvSite& site : sites) {
    for (const std::string& name : cmdstan_column_names(site)) out << "," << name;
    offsets.push_back(cmdstan_column_offsets(site.shape));
  }
  out << "\n";

  out << "# Adaptation terminated\n";
  out << "# Step size = " << number(chain.step_size) << "\n";
  if (!chain.inverse_metric_dense.empty()) {
    out << "# Elements of inverse mass matrix:\n";
    for (const auto& row : chain.inverse_metric_dense) {
      out << "# ";
      for (size_t j = 0; j < row.size(); ++j) out << (j ? ", " : "") << number(row[j]);
      out << "\n";
    }
  } else {
    out << "# Diagonal elements of inverse mass matrix:\n# ";
    for (size_t j = 0; j < chain.inverse_metric_diagonal.size(); ++j)
      out << (j ? ", " : "") << number(chain.inverse_metric_diagonal[j]);
    out << "\n";
  }

  for (size_t i = 0; i < chain.stats.size(); ++i) {
    const CsvDrawStats& s = chain.stats[i];
    out << number(s.lp) << "," << number(s.accept_stat) << "," << number(s.step_size) << ","
        << s.tree_depth << "," << s.n_leapfrog << "," << (s.divergent ? 1 : 0) << ","
        << number(s.energy);
    size_t site_start = 0;
    for (size_t k = 0; k < sites.size(); ++k) {
      for (int64_t offset : offsets[k]) out << "," << number(chain.draw_values[i][site_start + offset]);
      site_start += offsets[k].size();
    }
    out << "\n";
  }

  double total = chain.warmup_seconds + chain.sampling_seconds;
  out << "# \n";
  out << fmt::format("#  Elapsed Time: {:.6g} seconds (Warm-up)\n", chain.warmup_seconds);
  out << fmt::format("#                {:.6g} seconds (Sampling)\n", chain.sampling_seconds);
  out << fmt::format("#                {:.6g} seconds (Total)\n", total);
  out << "# \n";
}

}  // namespace ppl::io
