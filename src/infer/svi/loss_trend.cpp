#include "infer/svi/loss_trend.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace ppl::infer {
namespace {

struct WindowMean {
  double mean = 0;
  double variance_of_mean = 0;
};

// Successive losses are correlated (the optimizer's momentum), so the
// variance of the mean comes from the means of 10 batches, not single steps.
WindowMean window_mean(const std::vector<double>& losses, size_t begin, size_t size) {
  constexpr size_t kBatches = 10;
  const size_t batch = size / kBatches;
  std::vector<double> means(kBatches, 0.0);
  for (size_t b = 0; b < kBatches; ++b) {
    for (size_t i = 0; i < batch; ++i) means[b] += losses[begin + b * batch + i];
    means[b] /= batch;
  }
  WindowMean out;
  for (double m : means) out.mean += m / kBatches;
  double squares = 0;
  for (double m : means) squares += (m - out.mean) * (m - out.mean);
  out.variance_of_mean = squares / (kBatches - 1) / kBatches;
  return out;
}

}  // namespace

std::optional<LossTrend> loss_trend(const std::vector<double>& losses) {
  const size_t n = losses.size();
  if (n < 100) return std::nullopt;
  const size_t window = std::max<size_t>(50, n / 10) / 10 * 10;
  WindowMean earlier = window_mean(losses, n - 2 * window, window);
  WindowMean last = window_mean(losses, n - window, window);
  LossTrend trend;
  trend.window = static_cast<int>(window);
  trend.earlier_mean = earlier.mean;
  trend.last_mean = last.mean;
  trend.standard_error = std::sqrt(earlier.variance_of_mean + last.variance_of_mean);
  return trend;
}

bool still_falling(const LossTrend& trend) {
  const double decrease = trend.earlier_mean - trend.last_mean;
  return decrease > 4 * trend.standard_error && decrease > 0.1;
}

std::optional<std::string> still_falling_warning(const std::vector<double>& losses) {
  const std::optional<LossTrend> trend = loss_trend(losses);
  if (!trend || !still_falling(*trend)) return std::nullopt;
  const int n = static_cast<int>(losses.size());
  return fmt::format(
      "the loss was still falling when the fit ended (mean {:.6g} over steps {}-{}, {:.6g} over "
      "the last {}; {:.1f} standard errors): the fit has not converged. Run more --steps or raise "
      "the learning rate; a loss that falls without end means an improper posterior (a flat "
      "prior, ImproperUniform, that no likelihood pins down).",
      trend->earlier_mean, n - 2 * trend->window + 1, n - trend->window, trend->last_mean,
      trend->window,
      (trend->earlier_mean - trend->last_mean) / std::max(trend->standard_error, 1e-300));
}

}  // namespace ppl::infer
