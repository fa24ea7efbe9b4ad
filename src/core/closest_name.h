#pragma once
// "Did you mean": the candidate within a few edits of a name (a swapped
// pair of letters is one edit, a difference in case alone is one), or none.
// Replacing most of a short name gives a different name, not a slip.
#include <optional>
#include <string>
#include <vector>

namespace ppl {

std::optional<std::string> closest_name(const std::string& name,
                                        const std::vector<std::string>& candidates);

}  // namespace ppl
