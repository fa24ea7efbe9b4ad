#pragma once
// Text shared by the progress displays of ppl fit.
#include <cstdio>
#include <string>

namespace ppl::cli {

// "  ETA 1m05s" for the seconds left; empty when unknown (negative).
inline std::string eta_text(double seconds) {
  if (!(seconds >= 0)) return "";
  const long total = static_cast<long>(seconds + 0.5);
  char text[48];
  if (total >= 3600)
    std::snprintf(text, sizeof text, "  ETA %ldh%02ldm", total / 3600, total % 3600 / 60);
  else if (total >= 60)
    std::snprintf(text, sizeof text, "  ETA %ldm%02lds", total / 60, total % 60);
  else
    std::snprintf(text, sizeof text, "  ETA %lds", total);
  return text;
}

}  // namespace ppl::cli
