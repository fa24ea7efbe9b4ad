#include "cli/predict_command.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "cli/command_options.h"
#include "cli/fitted_guide.h"
#include "cli/option_checks.h"
#include "cli/output_files.h"
#include "cli/program_loading.h"
#include "core/error.h"
#include "core/text_file.h"
#include "infer/arviz_groups.h"
#include "infer/predictive.h"
#include "io/data_json.h"
#include "io/fit_documents.h"
#include "io/fit_json.h"
#include "io/inference_data.h"

namespace ppl::cli {
namespace {

// --subsample PLATE=I,J,...: each a subsampled plate of the model and its
// minibatch's indices; ppl::Error naming what is wrong.
std::map<std::string, std::vector<int64_t>> chosen_minibatches(
    const std::vector<std::string>& given, const frontend::ProgramSummary& summary) {
  std::map<std::string, std::vector<int64_t>> chosen;
  for (const std::string& option : given) {
    const size_t equals = option.find('=');
    const std::string plate = option.substr(0, equals);
    const auto refuse = [&](const std::string& why) {
      throw Error(fmt::format("--subsample '{}': {}", option, why));
    };
    if (equals == std::string::npos || plate.empty())
      refuse("expected PLATE=I,J,... (a subsampled plate and its minibatch's indices)");
    std::vector<std::string> subsampled;
    for (const frontend::PlateSummary& p : summary.plates)
      if (p.block == frontend::BlockKind::Model && !p.subsample_size.empty())
        subsampled.push_back(p.name);
    if (std::find(subsampled.begin(), subsampled.end(), plate) == subsampled.end())
      refuse(subsampled.empty()
                 ? "the model has no subsampled plate"
                 : fmt::format("the model has no subsampled plate '{}' (its subsampled plates: {})",
                               plate, fmt::join(subsampled, ", ")));
    if (chosen.count(plate)) refuse(fmt::format("plate '{}' is given twice", plate));
    std::vector<int64_t>& rows = chosen[plate];
    std::string rest = option.substr(equals + 1);
    for (size_t start = 0; start <= rest.size();) {
      const size_t comma = std::min(rest.find(',', start), rest.size());
      const std::string index = rest.substr(start, comma - start);
      char* end = nullptr;
      const long long value = std::strtoll(index.c_str(), &end, 10);
      if (index.empty() || *end != '\0')
        refuse(fmt::format("'{}' is not an index (integers, comma separated)", index));
      rows.push_back(value);
      start = comma + 1;
    }
  }
  return chosen;
}

int run_predict(const PredictOptions& options) {
  if (!check_output_paths({options.out_path, options.inference_data},
                          {options.model_path, options.data_path, options.posterior_path}))
    return 1;
  // Predict runs the model; a guide block in the file need not cover its
  // latent sites (it may be one of auto_semi_dais's guides, which the
  // fit's guide rebuilt below checks in full).
  frontend::CheckOptions check;
  check.guide_covers_every_latent = false;
  auto loaded = load_program(options.model_path, std::nullopt, options.data_path, check);
  if (!loaded) return 1;
  std::map<std::string, std::vector<int64_t>> chosen;
  try {
    chosen = chosen_minibatches(options.subsample, loaded->compiled.summary);
  } catch (const Error& error) {
    std::cerr << "ppl predict: error: " << error.what() << "\n";
    return 1;
  }
  loaded->data.chosen_minibatches = chosen;
  // An optional observation given in the data is observed, not predicted:
  // with the data file found beside the model, easily unnoticed.
  for (const frontend::SiteSummary& site : loaded->compiled.summary.sites) {
    if (site.block != frontend::BlockKind::Model || !site.observed_if_data) continue;
    for (size_t i = 0; i < loaded->program.data.size(); ++i)
      if (loaded->program.data[i].name == site.name && loaded->data.entries[i])
        std::cerr << fmt::format(
            "note: '{}' is in the data, so it is observed and its draws repeat the data; leave it "
            "out of the data to draw it from the {} predictive\n",
            site.name, options.posterior_path.empty() ? "prior" : "posterior");
  }
  infer::PredictiveOptions predictive;
  predictive.num_samples = options.num_samples;
  predictive.seed = options.seed;
  predictive.sites = options.sites;
  try {
    std::optional<infer::PosteriorDraws> posterior;
    bool from_guide = false;
    if (!options.posterior_path.empty()) {
      infer::PosteriorDraws all;
      std::optional<std::map<std::string, Array>> params;
      nlohmann::json fit_document;
      // Every fault of the posterior file is its own, not the model's.
      try {
        fit_document = nlohmann::json::parse(read_text_file(options.posterior_path));
        all = io::read_fit_draws(fit_document);
        params = io::read_fit_params(fit_document);
      } catch (const nlohmann::json::parse_error& error) {
        std::cerr << options.posterior_path << ": error: not valid JSON: "
                  << io::json_error_text(error) << "\n";
        return 1;
      } catch (const nlohmann::json::exception& error) {
        std::cerr << options.posterior_path
                  << ": error: not a fit written by ppl fit --out (its layout differs: "
                  << io::json_error_text(error) << ")\n";
        return 1;
      } catch (const Error& error) {
        std::cerr << options.posterior_path << ": error: " << error.message() << "\n";
        return 1;
      }
      infer::match_posterior_to_model(loaded->program, loaded->data, all, params,
                                      options.posterior_path);
      std::optional<int> requested;
      if (options.num_samples_given) requested = options.num_samples;
      // An SVI fit's posterior is its guide: fresh draws, as many as asked
      // (by default as many as the fit saved).
      std::optional<infer::PosteriorDraws> fresh;
      if (!all.empty() && !all.front().empty()) {
        std::string unavailable;
        fresh = fresh_guide_draws(fit_document, options.model_path,
                                  requested.value_or(static_cast<int>(all.size())),
                                  fold_in(RandomKey(options.seed), "guide draws"), chosen,
                                  unavailable);
        if (!unavailable.empty())
          std::cerr << "warning: " << unavailable << "; drawing from the fit's saved draws\n";
        if (fresh)
          infer::match_posterior_to_model(loaded->program, loaded->data, *fresh, params,
                                          options.posterior_path);
      }
      if (params) predictive.params = std::move(*params);
      if (fresh) {
        posterior = std::move(*fresh);
        from_guide = true;
      } else if (all.empty() || all.front().empty()) {
        // No latent site to set (a model with params only): each of the
        // --num-samples draws comes from the model with the fitted params.
        posterior = infer::PosteriorDraws(options.num_samples);
      } else {
        infer::PosteriorChoice choice =
            infer::choose_posterior_draws(all.size(), requested, options.seed);
        if (choice.with_replacement)
          std::cerr << "warning: the posterior has " << all.size() << " draws; drawing "
                    << choice.indices.size() << " with replacement\n";
        posterior.emplace();
        for (size_t i : choice.indices) posterior->push_back(all[i]);
      }
      predictive.num_samples = static_cast<int>(posterior->size());
    }
    bool vectorized = false;
    std::vector<infer::SiteDraws> draws = infer::predict(
        loaded->program, loaded->data, predictive, posterior ? &*posterior : nullptr, &vectorized);
    io::PredictRunRecord run;
    run.model = options.model_path;
    run.data = loaded->data_path;
    if (!options.posterior_path.empty()) run.posterior = options.posterior_path;
    run.seed = options.seed;
    run.vectorized = vectorized;
    run.posterior_from_guide = from_guide;
    if (!options.inference_data.empty()) {
      // The sites the model observes when their data is given are its
      // predictions; the rest are the prior's (or the posterior's, left out).
      std::set<std::string> predictive;
      for (const frontend::SiteSummary& site : loaded->compiled.summary.sites)
        if (site.block == frontend::BlockKind::Model && (site.observed || site.observed_if_data))
          predictive.insert(site.name);
      io::write_inference_data(
          options.inference_data,
          infer::predict_groups(loaded->program, loaded->data, draws, predictive,
                                !options.posterior_path.empty(), RandomKey(options.seed)));
    }
    return write_json_output(io::predict_json(run, infer::summarize_sites(draws), draws),
                             options.out_path) ? 0 : 1;
  } catch (const std::exception& error) {
    report_run_error(options.model_path, &*loaded, error);
    return 1;
  }
}

}  // namespace

void add_predict_command(CLI::App* predict, int& exit_code) {
  const auto shared = model_command_options<PredictOptions>(predict);
  PredictOptions& options = *shared;
  add_data_option(predict, options.data_path);
  predict->add_option("--posterior", options.posterior_path,
                      "FIT.json from ppl fit, or the JSON of an earlier ppl predict");
  CLI::Option* num_samples =
      predict->add_option("--num-samples", options.num_samples,
                          "number of draws (default 1000). With --posterior: a random choice "
                          "(by --seed) among the draws of every chain, without replacement (with "
                          "replacement and a warning when more than the posterior holds); "
                          "without --num-samples, every posterior draw once, in order")
          ->check(integer_in(1, kMaxIterations));
  add_seed_option(predict, options.seed);
  predict->add_option("--sites", options.sites, "only these sites, comma separated")->delimiter(',');
  predict->add_option("--subsample", options.subsample,
                      "PLATE=I,J,...: the minibatch of a subsampled plate, in place of a random "
                      "one (an SVI fit's local sites are then drawn for these rows); repeat for "
                      "several plates");
  predict->add_option("--out", options.out_path, "write the JSON here instead of standard output");
  predict->add_option("--inference-data", options.inference_data,
                      "also write ArviZ's InferenceData here (netCDF-4: prior and "
                      "prior_predictive, or posterior_predictive with --posterior; "
                      "observed_data, constant_data)");
  predict->callback([shared, &options, &exit_code, num_samples]() {
    options.num_samples_given = num_samples->count() > 0;
    exit_code = run_predict(options);
  });
}

}  // namespace ppl::cli
