#pragma once
// What ppl calls the functions and distributions that Stan, NumPy, SciPy or
// NumPyro know by another name (inv_logit is sigmoid, neg_binomial_2 is
// NegativeBinomial2), for "did you mean": an edit distance finds slips, not
// another tool's vocabulary.
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ppl::frontend {

// Each foreign name with the ppl name for it.
const std::vector<std::pair<std::string, std::string>>& foreign_names();

// The ppl name for a foreign one; nullopt when the name is not in the table.
std::optional<std::string> ppl_name_for(const std::string& foreign);

}  // namespace ppl::frontend
