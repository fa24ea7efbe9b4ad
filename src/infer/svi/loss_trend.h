#pragma once
// Whether an SVI loss was still falling when the run ended: a fit that has
// not converged (too few steps, too small a learning rate) or one that never
// can (an improper posterior, whose loss falls without end).
#include <optional>
#include <string>
#include <vector>

namespace ppl::infer {

struct LossTrend {
  int window = 0;                 // steps in each of the two last windows
  double earlier_mean = 0;        // mean loss over the window before the last
  double last_mean = 0;           // mean loss over the last window
  double standard_error = 0;      // of the difference, from batch means
};

// The means of the last two tenths of the run (at least 50 steps each);
// nullopt with fewer than 100 steps.
std::optional<LossTrend> loss_trend(const std::vector<double>& losses);

// True when the last window's mean is below the one before by more than
// four standard errors and more than 0.1 (nats): the loss was still falling.
bool still_falling(const LossTrend& trend);

// The warning a fit whose loss was still falling gets, with its figures and
// advice (without "warning: "); nullopt when it was not, or too short to say.
std::optional<std::string> still_falling_warning(const std::vector<double>& losses);

}  // namespace ppl::infer
