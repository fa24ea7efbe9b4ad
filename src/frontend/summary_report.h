#pragma once
// The summary `ppl check` prints: as aligned text, or as JSON.
#include <nlohmann/json.hpp>
#include <string>

#include "frontend/checker.h"

namespace ppl::frontend {

std::string summary_text(const ProgramSummary& summary);
nlohmann::json summary_json(const ProgramSummary& summary);

}  // namespace ppl::frontend
