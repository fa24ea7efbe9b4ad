#pragma once
// Stan's windowed warmup: an initial fast interval (step size only), slow
// windows that double in length and each end with a new mass matrix, and a
// final fast interval. With too few warmup iterations for the defaults
// (75 + 25 + 50), the intervals shrink to 15% / 75% / 10%.
#include <vector>

namespace ppl::infer {

class WarmupWindows {
 public:
  WarmupWindows(int num_warmup, int init_buffer = 75, int base_window = 25, int term_buffer = 50);

  // Whether iteration i (0-based) of warmup feeds the mass matrix estimate.
  bool collects(int iteration) const;
  // Whether the slow window ends at iteration i: the mass matrix is updated then.
  bool window_ends(int iteration) const;
  const std::vector<int>& window_ends() const { return ends_; }
  bool adapts_metric() const { return adapts_metric_; }

 private:
  int num_warmup_, init_buffer_, term_buffer_;
  bool adapts_metric_ = true;
  std::vector<int> ends_;  // last iteration of each slow window
};

}  // namespace ppl::infer
