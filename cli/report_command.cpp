#include "cli/report_command.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <set>

#include "cli/output_files.h"
#include "cli/summary_table.h"
#include "core/error.h"
#include "core/text_file.h"
#include "infer/diagnostics/energy_bfmi.h"
#include "infer/diagnostics/plot_data.h"
#include "infer/diagnostics/convergence.h"
#include "io/draws_files.h"
#include "io/html_report.h"
#include "io/vega_charts.h"

namespace ppl::cli {
namespace {

struct ReportOptions {
  std::string fit_path, predict_path, out_path;
  std::vector<std::string> sites, pairs;
};

constexpr size_t kMostElements = 12;       // plotted elements, unless --sites
constexpr size_t kMostTracePoints = 400;   // per chain
constexpr size_t kMostPairPoints = 4000;
constexpr int kRankBins = 20;

nlohmann::json read_json_file(const std::string& path) {
  try {
    return nlohmann::json::parse(read_text_file(path));
  } catch (const nlohmann::json::exception& error) {
    throw Error(fmt::format("{}: not JSON ({})", path, error.what()));
  }
}

// One element of a site: its name (theta[3]) and its draws per chain.
struct Element {
  std::string name;
  std::vector<std::vector<double>> chains;
};

std::vector<Element> elements_of(const io::FitDraws& fit, const std::vector<ElementRow>& rows,
                                 const std::vector<std::string>& chosen) {
  std::vector<Element> out;
  size_t row = 0;
  for (const io::SiteDraws& site : fit.sites) {
    const size_t count = site.draws.at(0).empty() ? 0 : site.draws[0][0].size();
    const bool wanted = chosen.empty() ? site.name != "lp__"
                                       : std::find(chosen.begin(), chosen.end(), site.name) != chosen.end();
    for (size_t e = 0; e < count; ++e, ++row) {
      if (!wanted) continue;
      Element element{rows.at(row).name, {}};
      for (const auto& chain : site.draws) {
        element.chains.emplace_back();
        for (const std::vector<double>& draw : chain) element.chains.back().push_back(draw[e]);
      }
      out.push_back(std::move(element));
    }
  }
  return out;
}

std::string chain_name(size_t c) { return fmt::format("chain {}", c + 1); }

io::ReportTable summary_table(const std::vector<ElementRow>& rows, bool mcmc) {
  io::ReportTable table;
  table.header = {"", "mean", "sd", "5%", "50%", "95%"};
  if (mcmc) table.header.insert(table.header.end(), {"MCSE", "ESS bulk", "ESS tail", "R-hat"});
  const auto number = [](double v, const char* format) {
    return std::isfinite(v) ? fmt::format(fmt::runtime(format), v) : std::string("-");
  };
  for (const ElementRow& r : rows) {
    std::vector<std::string> cells{r.name, number(r.mean, "{:.4g}"), number(r.sd, "{:.3g}")};
    for (double q : r.quantiles) cells.push_back(number(q, "{:.4g}"));
    if (mcmc)
      cells.insert(cells.end(), {number(r.mcse, "{:.2g}"), number(r.ess_bulk, "{:.0f}"),
                                 number(r.ess_tail, "{:.0f}"), number(r.r_hat, "{:.3f}")});
    table.rows.push_back(std::move(cells));
  }
  return table;
}

std::vector<io::LinePoint> densities(const Element& element, bool per_chain) {
  std::vector<io::LinePoint> points;
  if (per_chain) {
    for (size_t c = 0; c < element.chains.size(); ++c)
      for (const infer::DensityPoint& p : infer::kernel_density(element.chains[c], 80))
        points.push_back({chain_name(c), p.x, p.density});
  } else {
    std::vector<double> pooled;
    for (const auto& chain : element.chains) pooled.insert(pooled.end(), chain.begin(), chain.end());
    for (const infer::DensityPoint& p : infer::kernel_density(pooled, 80))
      points.push_back({"draws", p.x, p.density});
  }
  return points;
}

// `pair`: the two elements of the pair plot (none without two elements).
void add_mcmc_sections(const io::FitDraws& fit, const std::vector<Element>& elements,
                       const std::vector<const Element*>& pair, io::HtmlReport& report) {
  io::ReportSection trace{"Trace plots", "Each chain's draws in order (every k-th draw when there are more than 400).", {}};
  io::ReportSection ranks{"Rank plots",
                          "Each chain's draws ranked among all chains' draws, in 20 bins: flat "
                          "(near the dashed line) when the chains mix and agree.",
                          {}};
  io::ReportSection marginals{"Marginal densities", "Gaussian kernel density estimates, per chain.", {}};
  for (const Element& element : elements) {
    std::vector<io::LinePoint> points;
    for (size_t c = 0; c < element.chains.size(); ++c) {
      const std::vector<double>& chain = element.chains[c];
      const size_t step = std::max<size_t>(1, (chain.size() + kMostTracePoints - 1) / kMostTracePoints);
      for (size_t i = 0; i < chain.size(); i += step)
        points.push_back({chain_name(c), static_cast<double>(i), chain[i]});
    }
    trace.charts.push_back(io::line_chart({element.name, "draw", element.name}, points));
    std::vector<io::LinePoint> bins;
    const auto histograms = infer::rank_histograms(element.chains, kRankBins);
    for (size_t c = 0; c < histograms.size(); ++c) {
      for (const infer::Bin& b : histograms[c]) bins.push_back({chain_name(c), b.low, b.count});
      if (!histograms[c].empty()) bins.push_back({chain_name(c), histograms[c].back().high, histograms[c].back().count});
    }
    const double expected = element.chains.empty() ? 0 : element.chains[0].size() / double(kRankBins);
    ranks.charts.push_back(io::line_chart({element.name, "rank", "draws"}, bins, true, expected));
    marginals.charts.push_back(io::line_chart({element.name, element.name, "density"}, densities(element, true)));
  }
  report.sections.push_back(std::move(trace));
  report.sections.push_back(std::move(ranks));
  report.sections.push_back(std::move(marginals));

  // Pairs, divergent transitions marked.
  const Element* first = pair.size() > 0 ? pair[0] : nullptr;
  const Element* second = pair.size() > 1 ? pair[1] : nullptr;
  if (first && second) {
    std::vector<io::ScatterPoint> points;
    size_t total = 0;
    for (const auto& chain : first->chains) total += chain.size();
    const size_t step = std::max<size_t>(1, (total + kMostPairPoints - 1) / kMostPairPoints);
    int divergent = 0;
    for (size_t c = 0; c < first->chains.size(); ++c)
      for (size_t i = 0; i < first->chains[c].size(); ++i) {
        const bool marked = c < fit.chains.size() && i < fit.chains[c].diverging.size() &&
                            fit.chains[c].diverging[i];
        divergent += marked;
        if (marked || i % step == 0) points.push_back({first->chains[c][i], second->chains[c][i], marked});
      }
    io::ReportSection section{"Pairs",
                              fmt::format("{} against {}; {} divergent transition{} (choose the "
                                          "pair with --pairs).",
                                          second->name, first->name, divergent,
                                          divergent == 1 ? "" : "s"),
                              {io::scatter_chart({first->name + " and " + second->name, first->name,
                                                  second->name},
                                                 points, "divergent transitions")}};
    report.sections.push_back(std::move(section));
  }

  // Energy: the marginal energy against the energy transitions (E-BFMI).
  std::vector<double> centered, steps, bfmi;
  for (const io::ChainRecord& chain : fit.chains) {
    if (chain.energies.size() < 2) continue;
    double mean = 0;
    for (double e : chain.energies) mean += e / chain.energies.size();
    for (size_t i = 0; i < chain.energies.size(); ++i) {
      centered.push_back(chain.energies[i] - mean);
      if (i > 0) steps.push_back(chain.energies[i] - chain.energies[i - 1]);
    }
    bfmi.push_back(infer::energy_bfmi(chain.energies));
  }
  if (!centered.empty()) {
    std::vector<io::BarRow> bars;
    for (const infer::Bin& b : infer::histogram(centered, 30)) bars.push_back({"energy - mean", b.low, b.high, b.count});
    for (const infer::Bin& b : infer::histogram(steps, 30)) bars.push_back({"energy transition", b.low, b.high, b.count});
    std::vector<std::string> per_chain;
    for (double b : bfmi) per_chain.push_back(fmt::format("{:.2f}", b));
    report.sections.push_back(
        {"Energy",
         fmt::format("The energy's marginal against its transitions from draw to draw: a "
                     "transition histogram much narrower than the marginal (E-BFMI below 0.3) "
                     "means the sampler explores the tails poorly. E-BFMI per chain: {}.",
                     fmt::join(per_chain, ", ")),
         {io::bar_chart({"Energy", "energy", "draws"}, bars)}});
  }
}

void add_svi_sections(const nlohmann::json& fit, const std::string& fit_path,
                      const std::vector<Element>& elements, io::HtmlReport& report) {
  if (fit.contains("loss_history")) {
    const nlohmann::json& history = fit["loss_history"];
    if (!history.is_object() || !history.contains("loss") || !history["loss"].is_array())
      throw Error(fmt::format("{}: loss_history has no list \"loss\"", fit_path));
    std::vector<io::LinePoint> points;
    const nlohmann::json& losses = history["loss"];
    const bool steps = history.contains("step") && history["step"].is_array() &&
                       history["step"].size() == losses.size();
    for (size_t i = 0; i < losses.size(); ++i) {
      const nlohmann::json& loss = losses[i];
      if (!loss.is_number() && !loss.is_null())  // null: a loss that was not finite
        throw Error(fmt::format("{}: loss_history.loss holds {}, not a number", fit_path, loss.dump()));
      const nlohmann::json step = steps ? history["step"][i] : nlohmann::json(i);
      if (!step.is_number())
        throw Error(fmt::format("{}: loss_history.step holds {}, not a number", fit_path, step.dump()));
      points.push_back({"ELBO", step.get<double>(), loss.is_number() ? -loss.get<double>() : NAN});
    }
    report.sections.push_back({"ELBO", "Minus the loss at each recorded step (one-sample estimates).",
                               {io::line_chart({"ELBO", "step", "ELBO"}, points)}});
  }
  io::ReportSection marginals{"Marginals of the guide's draws", "Gaussian kernel density estimates of the fitted guide's draws.", {}};
  for (const Element& element : elements)
    marginals.charts.push_back(io::line_chart({element.name, element.name, "density"}, densities(element, false)));
  report.sections.push_back(std::move(marginals));
}

// Replicated against observed: each site of PRED.json named like a data
// entry of the fit's data, per element its 5-95% interval and median
// against the datum.
void add_predictive_section(const nlohmann::json& fit, const std::string& fit_path,
                            const std::string& predict_path, io::HtmlReport& report) {
  const nlohmann::json predicted = read_json_file(predict_path);
  const io::FitDraws draws = io::read_fit_json_draws(predicted, predict_path);
  const std::string data_path =
      fit.contains("data") && fit["data"].is_string() ? fit["data"].get<std::string>() : "";
  if (data_path.empty() || !std::filesystem::exists(data_path))
    throw Error(fmt::format("{}: its data file '{}' is needed for the observed values", fit_path, data_path));
  const nlohmann::json data = read_json_file(data_path);
  io::ReportSection section{"Posterior predictive check",
                            "Each observed value (red) against the replicated draws' 5%-95% "
                            "interval and median (blue), element by element.",
                            {}};
  std::vector<std::string> unreplicated;
  for (const io::SiteDraws& site : draws.sites) {
    if (!data.contains(site.name)) continue;
    std::vector<double> observed;
    const std::function<void(const nlohmann::json&)> flatten = [&](const nlohmann::json& v) {
      if (v.is_array())
        for (const nlohmann::json& x : v) flatten(x);
      else
        observed.push_back(v.is_number() ? v.get<double>() : NAN);
    };
    flatten(data[site.name]);
    const size_t count = site.draws.at(0).empty() ? 0 : site.draws[0][0].size();
    if (observed.size() != count) continue;
    std::vector<io::IntervalRow> rows;
    bool replicated = false;
    for (size_t e = 0; e < count && e < 500; ++e) {
      std::vector<double> values;
      for (const auto& chain : site.draws)
        for (const std::vector<double>& draw : chain) {
          values.push_back(draw[e]);
          replicated |= draw[e] != observed[e];
        }
      rows.push_back({static_cast<double>(e), infer::quantile(values, 0.05),
                      infer::quantile(values, 0.5), infer::quantile(values, 0.95),
                      std::isfinite(observed[e]) ? std::optional<double>(observed[e]) : std::nullopt});
    }
    if (!replicated) {
      unreplicated.push_back(site.name);
      continue;
    }
    section.charts.push_back(io::interval_chart({site.name, "element", site.name}, rows));
  }
  if (section.charts.empty())
    throw Error(fmt::format(
        "{}: no site replicates a data entry of {}{}", predict_path, data_path,
        unreplicated.empty()
            ? std::string()
            : fmt::format(" ({} equals the data at every draw: give ppl predict data without "
                          "it, an optional entry, so that it is drawn)",
                          fmt::join(unreplicated, ", "))));
  report.sections.push_back(std::move(section));
}

int run_report(const ReportOptions& options) {
  if (!check_output_paths({options.out_path}, {options.fit_path, options.predict_path})) return 1;
  try {
    const nlohmann::json fit = read_json_file(options.fit_path);
    const io::FitDraws draws = io::read_fit_json_draws(fit, options.fit_path);
    const bool mcmc = draws.from_markov_chains();
    const std::vector<double> levels{0.05, 0.5, 0.95};
    const std::vector<ElementRow> rows = element_rows(draws, levels);
    for (const std::string& site : options.sites)
      if (std::none_of(draws.sites.begin(), draws.sites.end(),
                       [&](const io::SiteDraws& s) { return s.name == site; }))
        throw Error(fmt::format("--sites: '{}' is not a site of {}", site, options.fit_path));
    std::vector<Element> elements = elements_of(draws, rows, options.sites);
    // The pair plot's elements: --pairs, else the first two.
    std::vector<const Element*> pair;
    if (!options.pairs.empty() && options.pairs.size() != 2)
      throw Error("--pairs: give two elements, e.g. mu,tau");
    for (const std::string& name : options.pairs) {
      const auto found = std::find_if(elements.begin(), elements.end(),
                                      [&](const Element& e) { return e.name == name; });
      if (found == elements.end())
        throw Error(fmt::format("--pairs: '{}' is not an element of {} (theta[0], mu, ...)", name,
                                options.fit_path));
      pair.push_back(&*found);
    }
    std::vector<Element> plotted = elements;
    io::HtmlReport report;
    const std::string model =
        fit.contains("model") && fit["model"].is_string() ? fit["model"].get<std::string>() : options.fit_path;
    report.title = fmt::format("{}: {}", std::filesystem::path(model).filename().string(),
                               mcmc ? fmt::format("{} ({} chains of {} draws)", draws.method, draws.chains.size(),
                                                  draws.chains.empty() ? 0 : draws.chains[0].draws)
                                    : draws.method == "svi" ? "SVI" : "predictions");
    report.facts.push_back("fit: " + options.fit_path);
    if (fit.contains("settings") && fit["settings"].is_object()) {
      std::vector<std::string> settings;
      for (const auto& [key, value] : fit["settings"].items())
        settings.push_back(key + " " + (value.is_string() ? value.get<std::string>() : value.dump()));
      report.facts.push_back(fmt::format("settings: {}", fmt::join(settings, ", ")));
    }
    if (plotted.size() > kMostElements && options.sites.empty()) {
      report.facts.push_back(fmt::format("plots of the first {} of {} elements; choose sites with --sites",
                                         kMostElements, plotted.size()));
      plotted.resize(kMostElements);
    }
    if (pair.empty())
      for (size_t i = 0; i < 2 && i < elements.size(); ++i) pair.push_back(&elements[i]);
    report.table = summary_table(rows, mcmc);
    if (mcmc)
      add_mcmc_sections(draws, plotted, pair, report);
    else
      add_svi_sections(fit, options.fit_path, plotted, report);
    if (!options.predict_path.empty())
      add_predictive_section(fit, options.fit_path, options.predict_path, report);
    const std::string page = io::html_report(report, io::kDebianVegaDir);
    if (!write_file_atomically(options.out_path, [&](std::ostream& out) { out << page; })) return 1;
    std::cout << "wrote " << options.out_path << "\n";
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "ppl report: error: " << error.what() << "\n";
    return 1;
  }
}

}  // namespace

void add_report_command(CLI::App* command, int& exit_code) {
  const auto options = std::make_shared<ReportOptions>();
  command->add_option("fit", options->fit_path, "FIT.json of ppl fit")->required()->check(CLI::ExistingFile);
  command->add_option("--predict", options->predict_path,
                      "the JSON of ppl predict --posterior FIT.json: a posterior predictive check "
                      "against the data")
      ->check(CLI::ExistingFile);
  command->add_option("--sites", options->sites, "plot only these sites, comma separated")->delimiter(',');
  command->add_option("--pairs", options->pairs,
                      "the two elements of the pair plot, e.g. mu,tau (default: the first two)")
      ->delimiter(',');
  command->add_option("-o,--out", options->out_path, "the HTML file to write")->required();
  command->callback([options, &exit_code]() { exit_code = run_report(*options); });
}

}  // namespace ppl::cli
