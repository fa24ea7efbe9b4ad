#include "infer/diagnostics/energy_bfmi.h"

#include <cmath>
#include <limits>

namespace ppl::infer {

double energy_bfmi(const std::vector<double>& energies) {
  const size_t n = energies.size();
  if (n < 2) return std::numeric_limits<double>::quiet_NaN();
  double mean = 0;
  for (double e : energies) mean += e / static_cast<double>(n);
  double variance = 0, squared_steps = 0;
  for (size_t i = 0; i < n; ++i) {
    variance += (energies[i] - mean) * (energies[i] - mean) / static_cast<double>(n);
    if (i > 0)
      squared_steps += (energies[i] - energies[i - 1]) * (energies[i] - energies[i - 1]) /
                       static_cast<double>(n - 1);
  }
  if (!(variance > 0)) return std::numeric_limits<double>::quiet_NaN();
  return squared_steps / variance;
}

}  // namespace ppl::infer
