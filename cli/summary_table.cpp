#include "cli/summary_table.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <iostream>

#include "infer/diagnostics/convergence.h"
#include "infer/diagnostics/energy_bfmi.h"

namespace ppl::cli {

namespace {

std::string element_name(const io::SiteDraws& site, int64_t flat) {
  if (site.shape.empty()) return site.name;
  std::vector<int64_t> index(site.shape.size());
  for (size_t d = site.shape.size(); d-- > 0;) {
    index[d] = flat % site.shape[d];
    flat /= site.shape[d];
  }
  return fmt::format("{}[{}]", site.name, fmt::join(index, ", "));
}

}  // namespace

std::vector<ElementRow> element_rows(const io::FitDraws& fit, const std::vector<double>& levels) {
  const bool mcmc = fit.from_markov_chains();
  std::vector<ElementRow> rows;
  for (const io::SiteDraws& site : fit.sites) {
    const size_t elements = site.draws.at(0).empty() ? 0 : site.draws[0][0].size();
    for (size_t e = 0; e < elements; ++e) {
      infer::Chains chains(site.draws.size());
      std::vector<double> pooled;
      for (size_t c = 0; c < site.draws.size(); ++c)
        for (const std::vector<double>& draw : site.draws[c]) {
          chains[c].push_back(draw[e]);
          pooled.push_back(draw[e]);
        }
      const infer::DrawSummary s = infer::summarize(chains);
      ElementRow row{element_name(site, static_cast<int64_t>(e)), s.mean, s.mcse_mean, s.sd, {},
                     s.ess_bulk, s.ess_tail, s.rhat};
      if (!mcmc) row.mcse = row.ess_bulk = row.ess_tail = row.r_hat = NAN;
      for (double q : levels) row.quantiles.push_back(infer::quantile(pooled, q));
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

std::string level_name(double q) { return fmt::format("{:g}%", q * 100); }

nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); }

nlohmann::json chains_json(const io::FitDraws& fit) {
  nlohmann::json chains = nlohmann::json::array();
  for (size_t c = 0; c < fit.chains.size(); ++c) {
    const io::ChainRecord& chain = fit.chains[c];
    nlohmann::json record = {{"chain", c + 1}, {"draws", chain.draws}};
    if (chain.divergences) record["divergences"] = *chain.divergences;
    if (chain.max_tree_depth_hits) record["max_tree_depth_hits"] = *chain.max_tree_depth_hits;
    if (!chain.energies.empty()) record["e_bfmi"] = number(infer::energy_bfmi(chain.energies));
    chains.push_back(record);
  }
  return chains;
}

void print_table(const io::FitDraws& fit, const std::vector<ElementRow>& rows,
                 const std::vector<double>& levels, const std::string& source) {
  const bool mcmc = fit.from_markov_chains();
  const int draws = fit.chains.empty() ? 0 : fit.chains[0].draws;
  std::cout << fmt::format("{}: {}, {} chain{} of {} draws\n", source,
                           fit.method == "svi"       ? "SVI (draws from the fitted guide)"
                           : fit.method == "predict" ? "predictions of ppl predict"
                                                     : fit.method,
                           fit.chains.size(), fit.chains.size() == 1 ? "" : "s", draws);
  size_t width = 4;
  for (const ElementRow& row : rows) width = std::max(width, row.name.size());
  std::string header = fmt::format("{:<{}} {:>10} {:>10} {:>10}", "", width, "Mean", "MCSE", "StdDev");
  for (double q : levels) header += fmt::format(" {:>10}", level_name(q));
  if (mcmc) header += fmt::format(" {:>9} {:>9} {:>7}", "ESS_bulk", "ESS_tail", "R_hat");
  std::cout << header << "\n";
  const auto cell = [](double v, int w, int precision) {
    if (std::isnan(v)) return fmt::format(" {:>{}}", "-", w);
    return fmt::format(" {:>{}.{}g}", v, w, precision);
  };
  for (const ElementRow& row : rows) {
    std::string line = fmt::format("{:<{}}", row.name, width);
    line += cell(row.mean, 10, 4) + cell(row.mcse, 10, 2) + cell(row.sd, 10, 3);
    for (double v : row.quantiles) line += cell(v, 10, 4);
    if (mcmc) {
      line += std::isnan(row.ess_bulk) ? fmt::format(" {:>9}", "-") : fmt::format(" {:>9.0f}", row.ess_bulk);
      line += std::isnan(row.ess_tail) ? fmt::format(" {:>9}", "-") : fmt::format(" {:>9.0f}", row.ess_tail);
      line += std::isnan(row.r_hat) ? fmt::format(" {:>7}", "-") : fmt::format(" {:>7.3f}", row.r_hat);
    }
    std::cout << line << "\n";
  }
  if (!mcmc) {
    std::cout << (fit.method == "predict"
                      ? "\nThe draws are ppl predict's, one per prior or posterior draw (not a "
                        "Markov chain of their own): no MCSE, ESS or R-hat.\n"
                      : "\nThe draws are independent draws of the guide: no MCSE, ESS or R-hat.\n");
    return;
  }
  std::cout << "\n";
  for (size_t c = 0; c < fit.chains.size(); ++c) {
    const io::ChainRecord& chain = fit.chains[c];
    std::string line = fmt::format("chain {}:", c + 1);
    if (chain.divergences)
      line += fmt::format(" {} divergent transition{} ({:.1f}%);", *chain.divergences,
                          *chain.divergences == 1 ? "" : "s", 100.0 * *chain.divergences / chain.draws);
    if (chain.max_tree_depth_hits)
      line += fmt::format(" {} at the maximum tree depth{};", *chain.max_tree_depth_hits,
                          chain.max_tree_depth ? fmt::format(" ({})", *chain.max_tree_depth) : "");
    if (!chain.energies.empty()) {
      const double bfmi = infer::energy_bfmi(chain.energies);
      line += fmt::format(" E-BFMI {:.3f}{}", bfmi, bfmi < 0.3 ? " (below 0.3: the chain may not explore the tails)" : "");
    }
    if (line.back() == ';') line.pop_back();
    std::cout << line << "\n";
  }
  std::cout << "ESS and R-hat as Vehtari et al. (2021) and R's posterior package; MCSE of the mean.\n";
}

}  // namespace ppl::cli
