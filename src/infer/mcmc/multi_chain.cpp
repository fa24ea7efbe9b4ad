#include "infer/mcmc/multi_chain.h"

#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

namespace ppl::infer {

std::vector<ChainResult> run_chains(int chains, int threads, const ChainFactory& make_chain,
                                    const ChainSettings& settings, const ChainProgress& progress) {
  std::vector<ChainResult> results(chains);
  std::vector<std::exception_ptr> errors(chains);
  std::atomic<int> next_chain{0};
  std::mutex progress_mutex;

  auto worker = [&]() {
    for (int c = next_chain++; c < chains; c = next_chain++) {
      try {
        ChainInputs inputs = make_chain(c);
        ProgressCallback chain_progress;
        if (progress) {
          chain_progress = [&, c](int iteration, bool warmup, const DrawStats& stats) {
            std::lock_guard<std::mutex> lock(progress_mutex);
            progress(c, iteration, warmup, stats);
          };
        }
        results[c] = run_chain(inputs.initial_position, inputs.potential, *inputs.random, settings,
                               chain_progress);
      } catch (...) {
        errors[c] = std::current_exception();
      }
    }
  };

  int pool = std::max(1, std::min(threads, chains));
  std::vector<std::thread> workers;
  for (int t = 1; t < pool; ++t) workers.emplace_back(worker);
  worker();
  for (std::thread& w : workers) w.join();
  for (const std::exception_ptr& error : errors)
    if (error) std::rethrow_exception(error);
  return results;
}

}  // namespace ppl::infer
