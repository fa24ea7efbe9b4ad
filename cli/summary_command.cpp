#include "cli/summary_command.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/option_checks.h"
#include "core/error.h"
#include "core/text_file.h"
#include "infer/diagnostics/convergence.h"
#include "infer/diagnostics/energy_bfmi.h"
#include "cli/summary_table.h"
#include "io/draws_files.h"

namespace ppl::cli {

namespace {

int run_summary(const SummaryOptions& options) {
  io::FitDraws fit;
  std::string source;
  try {
    if (options.json && options.csv) throw Error("--json and --csv: choose one");
    std::vector<double> levels = options.quantiles;
    const bool json_input = options.files.size() == 1 && options.files[0].ends_with(".json");
    if (json_input) {
      nlohmann::json document;
      try {
        document = nlohmann::json::parse(read_text_file(options.files[0]));
      } catch (const nlohmann::json::exception& error) {
        throw Error(fmt::format("{}: not JSON ({})", options.files[0], error.what()));
      }
      fit = io::read_fit_json_draws(document, options.files[0]);
    } else {
      for (const std::string& file : options.files)
        if (file.ends_with(".json"))
          throw Error(fmt::format("{}: give one FIT.json alone, or the CSV files of one fit", file));
      fit = io::read_cmdstan_csv_files(options.files);
    }
    source = fmt::format("{}", fmt::join(options.files, ", "));
    const std::vector<ElementRow> rows = element_rows(fit, levels);
    if (options.json) {
      nlohmann::json sites = nlohmann::json::array();
      for (const ElementRow& row : rows) {
        nlohmann::json quantiles = nlohmann::json::object();
        for (size_t k = 0; k < levels.size(); ++k) quantiles[level_name(levels[k])] = number(row.quantiles[k]);
        sites.push_back({{"name", row.name}, {"mean", number(row.mean)}, {"mcse_mean", number(row.mcse)},
                         {"sd", number(row.sd)}, {"quantiles", quantiles},
                         {"ess_bulk", number(row.ess_bulk)}, {"ess_tail", number(row.ess_tail)},
                         {"r_hat", number(row.r_hat)}});
      }
      std::cout << nlohmann::json{{"files", options.files}, {"method", fit.method},
                                  {"elements", sites}, {"chains", chains_json(fit)}}
                       .dump(1)
                << "\n";
    } else if (options.csv) {
      std::string header = "name,mean,mcse_mean,sd";
      for (double q : levels) header += "," + level_name(q);
      std::cout << header << ",ess_bulk,ess_tail,r_hat\n";
      const auto field = [](double v) { return std::isnan(v) ? std::string() : fmt::format("{:.17g}", v); };
      for (const ElementRow& row : rows) {
        std::string line = "\"" + row.name + "\"," + field(row.mean) + "," + field(row.mcse) + "," + field(row.sd);
        for (double v : row.quantiles) line += "," + field(v);
        line += "," + field(row.ess_bulk) + "," + field(row.ess_tail) + "," + field(row.r_hat);
        std::cout << line << "\n";
      }
    } else {
      print_table(fit, rows, levels, source);
    }
    return 0;
  } catch (const Error& error) {
    std::cerr << "ppl summary: error: " << error.what() << "\n";
    return 1;
  }
}

}  // namespace

void add_summary_command(CLI::App* cmd, int& exit_code) {
  auto shared = std::make_shared<SummaryOptions>();
  SummaryOptions& options = *shared;
  cmd->add_option("files", options.files, "FIT.json, or CSV files, one per chain")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--quantiles", options.quantiles, "levels (default 0.05,0.5,0.95)")
      ->delimiter(',')
      ->check(real_in(0, false, 1, false));
  cmd->add_flag("--json", options.json, "print the summary as JSON");
  cmd->add_flag("--csv", options.csv, "print the summary as CSV");
  cmd->callback([shared, &exit_code]() { exit_code = run_summary(*shared); });
}

}  // namespace ppl::cli
