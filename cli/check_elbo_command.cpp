#include "cli/check_elbo_command.h"

#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/guide_selection.h"
#include "cli/program_loading.h"
#include "cli/command_options.h"
#include "cli/option_checks.h"
#include "core/error.h"
#include "infer/elbo/elbo_report.h"
#include "infer/elbo/model_guide_checks.h"
#include "infer/svi/autoguide.h"

namespace ppl::cli {
namespace {

struct CheckedPair {
  std::unique_ptr<ModelAndGuide> selected;
  std::unique_ptr<infer::ParamStore> store;
  std::unique_ptr<infer::ElboObjective> objective;
  std::vector<infer::GuideFinding> findings;
  infer::ElboReport report;
};

// Loads one model/guide pair, checks it and estimates its ELBO; false after
// printing errors.
bool check_pair(const std::string& model, const std::string& guide, const std::string& data,
                const CheckElboOptions& options, CheckedPair& pair) {
  const RandomKey base(options.seed);
  pair.selected = load_model_and_guide(model, guide, data, infer::InitStrategy{}, {}, base);
  if (!pair.selected) return false;
  infer::ElboSettings settings = infer::parse_elbo(options.elbo);
  settings.particles = 1;
  pair.store = std::make_unique<infer::ParamStore>();
  pair.objective = std::make_unique<infer::ElboObjective>(
      pair.selected->loaded->program, pair.selected->loaded->data, *pair.selected->guide,
      *pair.store, settings);
  RandomKey first = fold_in(fold_in(base, "particles"), std::uint64_t{0});
  if (pair.selected->guide->replay_by_step())
    pair.findings = infer::model_guide_findings(*pair.objective, first);
  else
    pair.objective->run_particle(first);
  bool errors = false;
  for (const auto& f : pair.findings) {
    if (!f.error) continue;
    std::cerr << infer::rendered_finding(pair.selected->loaded->program, f);
    errors = true;
  }
  if (errors) return false;
  pair.report = infer::estimate_elbo(*pair.objective, options.particles, fold_in(base, "particles"));
  return true;
}

void print_report(const std::string& title, const CheckedPair& pair) {
  std::cout << title << "\n";
  for (const auto& f : pair.findings)
    if (!f.error) std::cout << "  " << infer::rendered_finding(pair.selected->loaded->program, f);
  const infer::ElboReport& r = pair.report;
  std::cout << fmt::format("  ELBO {:.6g} +- {:.3g} (Monte Carlo standard error, {} particles)\n",
                           r.elbo, r.standard_error, r.particles);
  std::cout << "  per site (means):            E[log p]       E[log q]      KL(q||p)\n";
  for (const auto& [name, s] : pair.report.sites) {
    std::cout << fmt::format("    {:<24} {:>14} {:>14} {:>13}\n", name,
                             s.has_p ? fmt::format("{:.6g}", s.log_p) : "-",
                             s.has_q ? fmt::format("{:.6g}", s.log_q) : "-",
                             s.has_kl ? fmt::format("{:.6g}", s.kl) : "-");
  }
  std::cout << fmt::format("  gradient: variance {:.6g} (summed over {} coordinates), norm of the mean {:.6g}\n",
                           r.gradient_variance, pair.store->values().size(), r.gradient_norm);
}

nlohmann::json report_json(const CheckedPair& pair) {
  nlohmann::json sites = nlohmann::json::object();
  for (const auto& [name, s] : pair.report.sites) {
    nlohmann::json j;
    if (s.has_p) j["log_p"] = s.log_p;
    if (s.has_q) j["log_q"] = s.log_q;
    if (s.has_kl) j["kl"] = s.kl;
    sites[name] = j;
  }
  nlohmann::json warnings = nlohmann::json::array();
  for (const auto& f : pair.findings)
    if (!f.error) warnings.push_back({{"site", f.site}, {"message", f.message}, {"explanation", f.explanation}});
  return {{"elbo", pair.report.elbo},
          {"standard_error", pair.report.standard_error},
          {"particles", pair.report.particles},
          {"sites", sites},
          {"gradient_variance", pair.report.gradient_variance},
          {"gradient_norm", pair.report.gradient_norm},
          {"warnings", warnings}};
}

int run_check_elbo(const CheckElboOptions& options) {
  CheckedPair first, second;
  try {
    if (!check_pair(options.model_path, options.guide, options.data_path, options, first)) return 1;
    bool comparing = !options.compare_path.empty();
    if (comparing &&
        !check_pair(options.compare_path, options.guide2,
                    options.data2_path.empty() ? options.data_path : options.data2_path, options,
                    second))
      return 1;
    nlohmann::json out = {{"first", report_json(first)}};
    std::optional<infer::ElboComparison> comparison;
    if (comparing) {
      comparison = infer::compare_elbos(first.report, second.report);
      out["second"] = report_json(second);
      out["comparison"] = {{"verdict", comparison->verdict == infer::ElboComparison::Verdict::Different
                                           ? "different" : "equal"},
                           {"text", comparison->to_string()},
                           {"difference", comparison->difference},
                           {"standard_error", comparison->standard_error},
                           {"sites_text", comparison->sites_to_string()}};
      // Only a different verdict has sites that differ; under an equal one
      // the per-site terms cancel in the sum.
      const bool different = comparison->verdict == infer::ElboComparison::Verdict::Different;
      out["comparison"]["differing_sites"] =
          different ? comparison->differing_sites : std::vector<std::string>{};
      out["comparison"]["sites_divided_differently"] =
          different ? std::vector<std::string>{} : comparison->differing_sites;
    }
    if (options.json) {
      std::cout << out.dump(2) << "\n";
    } else {
      print_report(options.model_path + (options.guide.empty() ? "" : " with " + options.guide), first);
      if (comparing) {
        print_report(options.compare_path + (options.guide2.empty() ? "" : " with " + options.guide2), second);
        std::cout << "verdict: " << comparison->to_string() << "\n";
        if (std::string sites = comparison->sites_to_string(); !sites.empty())
          std::cout << "  " << sites << "\n";
      }
    }
    if (comparing && options.expect_equal &&
        comparison->verdict == infer::ElboComparison::Verdict::Different)
      return 2;
    return 0;
  } catch (const std::exception& error) {
    // A place in the compared program's files falls back to the plain message.
    report_run_error(options.model_path, first.selected ? first.selected->loaded.get() : nullptr,
                     error);
    return 1;
  }
}

}  // namespace

void add_check_elbo_command(CLI::App* cmd, int& exit_code) {
  const auto shared = model_command_options<CheckElboOptions>(cmd);
  CheckElboOptions& options = *shared;
  cmd->add_option("--guide", options.guide,
                  "a guide file, " + infer::autoguide_names() +
                      ", or guide (the model file's guide block, the default)");
  add_data_option(cmd, options.data_path, "data as JSON");
  cmd->add_option("--particles", options.particles, "particles for the estimate (default 1000)")
      ->check(integer_in(2, 100000000));
  add_seed_option(cmd, options.seed);
  cmd->add_option("--elbo", options.elbo, infer::elbo_names() + " (default trace)");
  cmd->add_option("--compare", options.compare_path, "a second model file to compare with");
  cmd->add_option("--guide2", options.guide2, "the second model's guide (default: its guide block)");
  cmd->add_option("--data2", options.data2_path, "the second model's data (default: --data)");
  cmd->add_flag("--expect-equal", options.expect_equal,
                "exit with code 2 when the comparison's verdict is different");
  cmd->add_flag("--json", options.json, "print the report as JSON");
  cmd->callback([shared, &exit_code]() { exit_code = run_check_elbo(*shared); });
}

}  // namespace ppl::cli
