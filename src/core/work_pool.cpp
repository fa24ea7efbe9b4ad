#include "core/work_pool.h"

#include <algorithm>

namespace ppl {
namespace {

#if defined(__x86_64__) || defined(__i386__)
constexpr int kSpins = 20000;  // pauses: about 50 us
void pause_briefly() { __builtin_ia32_pause(); }
#else
constexpr int kSpins = 100;  // yields: each may be a system call
void pause_briefly() { std::this_thread::yield(); }
#endif

}  // namespace

WorkPool::WorkPool(int threads) {
  for (int t = 1; t < std::max(1, threads); ++t) workers_.emplace_back([this] { worker_loop(); });
}

WorkPool::~WorkPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& w : workers_) w.join();
}

void WorkPool::work_on_current_task(bool worker) {
  int finished = 0;
  for (int k = next_++; k < count_; k = next_++) {
    try {
      (*task_.load())(k);
    } catch (...) {
      errors_[k] = std::current_exception();  // each index has its own slot
    }
    ++finished;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  done_ += finished;
  if (worker) --busy_;
  if (done_ == count_ && busy_ == 0) finished_.notify_all();
}

void WorkPool::worker_loop() {
  long seen = 0;
  for (;;) {
    // A gradient's pieces come every few microseconds: a worker that slept
    // between them would cost a wake-up each time, so it first watches for
    // the next task a while (about 50 us), then sleeps.
    for (int spin = 0; spin < kSpins && generation_.load(std::memory_order_acquire) == seen; ++spin)
      pause_briefly();
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
      if (stopping_) return;
      seen = generation_;
      ++busy_;
    }
    work_on_current_task(true);
  }
}

void WorkPool::run(int count, const std::function<void(int)>& task) {
  if (count <= 0) return;
  errors_.assign(count, nullptr);
  if (workers_.empty() || count == 1) {
    for (int k = 0; k < count; ++k) {
      try {
        task(k);
      } catch (...) {
        errors_[k] = std::current_exception();
      }
    }
  } else {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      task_ = &task;
      count_ = count;
      next_ = 0;
      done_ = 0;
      ++generation_;
    }
    wake_.notify_all();
    work_on_current_task(false);
    std::unique_lock<std::mutex> lock(mutex_);
    finished_.wait(lock, [&] { return done_ == count_ && busy_ == 0; });
    next_ = kIdle;
    task_ = nullptr;
  }
  for (const std::exception_ptr& error : errors_)
    if (error) std::rethrow_exception(error);
}

}  // namespace ppl
