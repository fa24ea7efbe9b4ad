#include "io/fit_documents.h"

#include <algorithm>
#include <cmath>

#include "io/fit_json.h"

namespace ppl::io {
namespace {

// JSON has no NaN.
nlohmann::json number_or_null(double x) {
  return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr);
}

// Each statistic as chain x draw arrays, under ArviZ's names.
nlohmann::json sample_stats_json(const std::vector<std::vector<CsvDrawStats>>& by_chain) {
  const auto stat = [&](auto read) {
    nlohmann::json chains = nlohmann::json::array();
    for (const std::vector<CsvDrawStats>& chain : by_chain) {
      nlohmann::json values = nlohmann::json::array();
      for (const CsvDrawStats& s : chain) values.push_back(read(s));
      chains.push_back(std::move(values));
    }
    return chains;
  };
  return {{"lp", stat([](const CsvDrawStats& s) { return number_or_null(s.lp); })},
          {"acceptance_rate", stat([](const CsvDrawStats& s) { return number_or_null(s.accept_stat); })},
          {"step_size", stat([](const CsvDrawStats& s) { return s.step_size; })},
          {"tree_depth", stat([](const CsvDrawStats& s) { return s.tree_depth; })},
          {"n_steps", stat([](const CsvDrawStats& s) { return s.n_leapfrog; })},
          {"diverging", stat([](const CsvDrawStats& s) { return s.divergent; })},
          {"energy", stat([](const CsvDrawStats& s) { return number_or_null(s.energy); })}};
}

}  // namespace

nlohmann::json mcmc_fit_json(const McmcRunRecord& run, const std::vector<SiteSummary>& summary,
                             const std::vector<SiteDraws>& draws) {
  nlohmann::json sampler = nlohmann::json::array();
  for (size_t c = 0; c < run.sampler.size(); ++c) {
    const ChainReport& r = run.sampler[c];
    sampler.push_back({{"chain", c + 1},
                       {"step_size", r.step_size},
                       {"divergences", r.divergences},
                       {"max_tree_depth_hits", r.max_tree_depth_hits},
                       {"mean_accept_stat", r.mean_accept_stat},
                       {"gradient_evaluations", r.gradient_evaluations},
                       {"warmup_seconds", r.warmup_seconds},
                       {"sampling_seconds", r.sampling_seconds}});
  }
  nlohmann::json fit = {
      {"ppl_version", PPL_VERSION},
      {"model", run.model},
      {"data", run.data},
      {"method", run.method},
      {"settings",
       {{"chains", run.chains}, {"warmup", run.warmup}, {"samples", run.samples},
        {"dense_mass", run.dense_mass}, {"target_accept", run.target_accept},
        {"max_tree_depth", run.max_tree_depth}, {"seed", run.seed}, {"thin", run.thin},
        {"save_warmup", run.save_warmup}}},
      {"summary", summary_json(summary, true)},
      {"sampler", sampler},
      {"timing",
       {{"wall_seconds", run.wall_seconds},
        {"slowest_chain_seconds", run.slowest_chain_seconds},
        {"gradient_evaluations", run.gradient_evaluations},
        {"seconds_per_gradient", run.seconds_per_gradient}}},
      {"site_order", site_order_json(draws)},
      {"draws", draws_json(draws)},
      {"complete", run.complete}};
  if (!run.draw_stats.empty()) fit["sample_stats"] = sample_stats_json(run.draw_stats);
  if (!run.warmup_draws.empty()) fit["warmup_draws"] = draws_json(run.warmup_draws);
  if (!run.log_likelihood.empty()) fit["log_likelihood"] = draws_json(run.log_likelihood);
  if (!run.warmup_draw_stats.empty())
    fit["warmup_sample_stats"] = sample_stats_json(run.warmup_draw_stats);
  if (!run.complete) {
    fit["draws_per_chain"] = run.draws_per_chain;
    fit["chains_with_draws"] = run.chains_with_draws;
  }
  return fit;
}

nlohmann::json svi_fit_json(const SviRunRecord& run, const std::vector<FittedParam>& params,
                            const std::vector<double>& losses,
                            const std::vector<SiteSummary>& summary,
                            const std::vector<SiteDraws>& draws) {
  nlohmann::json fit = {
      {"ppl_version", PPL_VERSION},
      {"model", run.model},
      {"data", run.data},
      {"method", "svi"},
      {"settings",
       {{"guide", run.guide},
        {"elbo", run.elbo},
        {"steps", run.steps},
        {"optim", run.optim},
        {"particles", run.particles},
        {"particles_vectorized", run.particles_vectorized},
        {"steps_replayed", run.steps_replayed},
        {"scans_in_one_pass", run.scans_in_one_pass},
        {"init", run.init},
        {"init_scale", run.init_scale},
        {"prefix", run.prefix},
        {"rank", run.rank > 0 ? nlohmann::json(run.rank) : nlohmann::json(nullptr)},
        {"num_samples", run.num_samples},
        {"seed", run.seed}}},
      {"elbo", number_or_null(run.final_elbo)},
      {"params", params_json(params)},
      {"loss_history", loss_history_json(losses)},
      {"summary", summary_json(summary, false)},
      {"timing",
       {{"wall_seconds", run.wall_seconds},
        {"steps_per_second", run.wall_seconds > 0 ? losses.size() / run.wall_seconds : 0.0}}},
      {"site_order", site_order_json(draws)},
      {"draws", draws_json(draws)},
      {"complete", run.complete}};
  fit["settings"].update(run.guide_settings);
  if (!run.log_likelihood.empty()) fit["log_likelihood"] = draws_json(run.log_likelihood);
  if (!run.guide_posterior.is_null()) fit["guide_posterior"] = run.guide_posterior;
  if (run.guide_quantiles) {
    nlohmann::json sites = nlohmann::json::object();
    for (const SiteQuantiles& s : run.guide_quantiles->sites)
      sites[s.name] = {{"shape", s.shape}, {"values", s.values}};
    fit["guide_quantiles"] = {{"levels", run.guide_quantiles->levels},
                              {"method", run.guide_quantiles->method},
                              {"sites", sites}};
    if (run.guide_quantiles->method == "draws")
      fit["guide_quantiles"]["draws"] = run.guide_quantiles->draws;
  }
  if (!run.complete) fit["steps_completed"] = run.steps_completed;
  return fit;
}

nlohmann::json predict_json(const PredictRunRecord& run, const std::vector<SiteSummary>& summary,
                            const std::vector<SiteDraws>& draws) {
  return {{"model", run.model},
          {"data", run.data},
          {"posterior", run.posterior ? nlohmann::json(*run.posterior) : nlohmann::json(nullptr)},
          {"seed", run.seed},
          {"num_samples", draws.empty() ? 0 : draws[0].draws[0].size()},
          {"vectorized", run.vectorized},
          {"posterior_draws", run.posterior ? nlohmann::json(run.posterior_from_guide
                                                                  ? "fresh from the fit's guide"
                                                                  : "the fit's draws")
                                            : nlohmann::json(nullptr)},
          {"summary", summary_json(summary, false)},
          {"site_order", site_order_json(draws)},
          {"draws", draws_json(draws)}};
}

}  // namespace ppl::io
