#pragma once
// A fixed set of threads that share the indices of one task at a time: the
// pieces of one log density split over a chain's threads. The calling thread
// works too, so a pool of one thread runs everything in the caller.
//   WorkPool pool(2); pool.run(8, [&](int k) { partial[k] = piece(k); });
#include <atomic>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace ppl {

class WorkPool {
 public:
  explicit WorkPool(int threads);
  ~WorkPool();
  WorkPool(const WorkPool&) = delete;
  WorkPool& operator=(const WorkPool&) = delete;

  int threads() const { return static_cast<int>(workers_.size()) + 1; }
  // task(0) ... task(count - 1), each once, on any of the threads; returns
  // when all have finished. The exception of the lowest index that threw is
  // rethrown (the same one whatever the number of threads).
  void run(int count, const std::function<void(int)>& task);

 private:
  // Takes indices of the current task until none is left; a worker (not the
  // caller) leaves busy_ when done.
  void work_on_current_task(bool worker);
  void worker_loop();

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_, finished_;
  // A worker takes index next_++ and runs it if it is below count_. Between
  // tasks next_ stays at kIdle, so a worker that wakes late takes nothing.
  static constexpr int kIdle = 1 << 30;
  std::atomic<const std::function<void(int)>*> task_{nullptr};
  std::atomic<int> count_{0};
  std::atomic<int> next_{kIdle};
  int done_ = 0;          // indices finished of the current task (under mutex_)
  // Workers inside work_on_current_task (under mutex_): run() returns only
  // when none is, so no worker can take an index meant for the next task.
  int busy_ = 0;
  std::atomic<long> generation_{0};  // one per task: wakes the workers
  bool stopping_ = false;
  std::vector<std::exception_ptr> errors_;
};

}  // namespace ppl
