#pragma once
// FIT.json, as ppl fit --out writes it, read back: the posterior draws of
// each site and the params an SVI fit learned. Malformed files throw
// ppl::Error naming the site or param at fault.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/array.h"

namespace ppl::io {

// A value per site (or param) name.
using SiteValues = std::map<std::string, Array>;

// The draws ("draws": {"name": {"shape": [...], "values": [...]}}), one map
// per draw in file order: chain after chain.
std::vector<SiteValues> read_fit_draws(const nlohmann::json& fit);

// The params of an SVI fit ("params": {"name": {"shape": [...], "value": ...}}),
// constrained; nullopt for a file without params (an MCMC fit, a predict output).
std::optional<SiteValues> read_fit_params(const nlohmann::json& fit);

}  // namespace ppl::io
