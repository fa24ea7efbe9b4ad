#include "core/interrupt.h"

#include <atomic>
#include <csignal>

namespace ppl {
namespace {

// Lock-free, so safe to write from a signal handler.
std::atomic<int> requested_signal{0};
static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void on_stop_signal(int signal) {
  requested_signal.store(signal);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

}  // namespace

void install_stop_handlers() {
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
}

bool stop_requested() { return requested_signal.load() != 0; }

int stop_signal() { return requested_signal.load(); }

void request_stop(int signal) { requested_signal.store(signal); }

}  // namespace ppl
