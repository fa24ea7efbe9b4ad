#include "infer/mcmc/warmup_windows.h"

#include <algorithm>

namespace ppl::infer {

WarmupWindows::WarmupWindows(int num_warmup, int init_buffer, int base_window, int term_buffer)
    : num_warmup_(num_warmup), init_buffer_(init_buffer), term_buffer_(term_buffer) {
  if (num_warmup < 20) {
    // Too short to estimate a metric: the step size adapts alone.
    adapts_metric_ = false;
    return;
  }
  if (init_buffer + base_window + term_buffer > num_warmup) {
    init_buffer_ = static_cast<int>(0.15 * num_warmup);
    term_buffer_ = static_cast<int>(0.1 * num_warmup);
    base_window = num_warmup - (init_buffer_ + term_buffer_);
  }
  const int last_slow = num_warmup - term_buffer_ - 1;
  int size = base_window;
  int end = init_buffer_ + size - 1;
  while (true) {
    ends_.push_back(end);
    if (end >= last_slow) break;
    size *= 2;
    int next = end + size;
    // A window that would leave too short a last window absorbs it.
    if (next + 2 * size >= last_slow) next = last_slow;
    end = next;
  }
  ends_.back() = std::min(ends_.back(), last_slow);
}

bool WarmupWindows::collects(int iteration) const {
  return adapts_metric_ && iteration >= init_buffer_ && iteration < num_warmup_ - term_buffer_;
}

bool WarmupWindows::window_ends(int iteration) const {
  return adapts_metric_ && std::find(ends_.begin(), ends_.end(), iteration) != ends_.end();
}

}  // namespace ppl::infer
