#include "infer/svi/loss_trend.h"

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

}  // namespace ppl::infer
