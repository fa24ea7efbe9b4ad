#pragma once
// FIT.json (ppl fit --out) and the output of ppl predict: the JSON of the
// per-site summaries and draws they hold, and, read back, the posterior
// draws of each site and the params an SVI fit learned. Malformed files
// throw ppl::Error naming the site or param at fault.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/array.h"
#include "io/site_results.h"

namespace ppl::io {

// {"name": {"shape": [...], "elements": [{"index": [...], "mean": ..., ...}, ...]}};
// with_diagnostics adds ess_bulk, ess_tail, r_hat and mcse_mean (MCMC
// draws). JSON has no NaN: undefined figures are null.
nlohmann::json summary_json(const std::vector<SiteSummary>& summary, bool with_diagnostics);

// {"name": {"shape": [...], "chains": C, "values": [per chain [per draw, nested by shape]]}};
// a site whose every value is a whole number (a count) is written in integers.
nlohmann::json draws_json(const std::vector<SiteDraws>& sites);
// The "shape" of a site or param in a FIT.json: a list of sizes, each a
// non-negative integer; ppl::Error naming `what` otherwise.
std::vector<int64_t> shape_in_fit(const nlohmann::json& holder, const std::string& what);
// How many draws each chain of a FIT.json's draws holds: from the chain by
// chain layout, or split evenly by "chains" in older files; ppl::Error when
// sites disagree or chains differ in length.
std::vector<size_t> draws_per_chain(const nlohmann::json& fit, const std::string& path);
// The sites' names in their order (the model's: declaration and execution
// order), which JSON objects, sorted by name, do not keep: FIT.json's
// site_order, which readers follow.
nlohmann::json site_order_json(const std::vector<SiteDraws>& sites);

// {"name": {"shape": [...], "constraint": "...", "value": nested by shape}}
nlohmann::json params_json(const std::vector<FittedParam>& params);

// {"every": K, "step": [1, 1 + K, ...], "loss": [...]}: at most about 1000
// of the losses (one per step), evenly spaced from the first.
nlohmann::json loss_history_json(const std::vector<double>& losses);

// A value per site (or param) name.
using SiteValues = std::map<std::string, Array>;

// The draws ("draws": {"name": {"shape": [...], "values": [...]}}), one map
// per draw in file order: chain after chain.
std::vector<SiteValues> read_fit_draws(const nlohmann::json& fit);

// A JSON file holding an object of site values ({"mu": 1.5, "theta": [...]}),
// as --init value:FILE.json takes them; ppl::Error naming the file and what
// is wrong with it.
SiteValues read_site_values_file(const std::string& path);

// The params of an SVI fit ("params": {"name": {"shape": [...], "value": ...}}),
// constrained; nullopt for a file without params (an MCMC fit, a predict output).
std::optional<SiteValues> read_fit_params(const nlohmann::json& fit);

}  // namespace ppl::io
