#pragma once
// The table `ppl summary` prints (and `ppl fit` after writing FIT.json):
// per element mean, MCSE, sd, quantiles, bulk and tail ESS and R-hat, then
// per chain the sampler's divergences, maximum-tree-depth hits and E-BFMI.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "io/draws_files.h"

namespace ppl::cli {

struct ElementRow {
  std::string name;  // theta[0, 1]: 0-based, as the language indexes
  double mean, mcse, sd;
  std::vector<double> quantiles;
  double ess_bulk, ess_tail, r_hat;
};

// Every element of every site; without chains to compare (an SVI fit's
// independent draws from its guide) MCSE, ESS and R-hat are NaN.
std::vector<ElementRow> element_rows(const io::FitDraws& fit, const std::vector<double>& levels);
// "5%" for 0.05.
std::string level_name(double q);
// A number, or null where it is not finite.
nlohmann::json number(double v);
// Each chain's draws, divergences, tree-depth hits and E-BFMI.
nlohmann::json chains_json(const io::FitDraws& fit);
// The table, headed by `source` (the files read).
void print_table(const io::FitDraws& fit, const std::vector<ElementRow>& rows,
                 const std::vector<double>& levels, const std::string& source);

}  // namespace ppl::cli
