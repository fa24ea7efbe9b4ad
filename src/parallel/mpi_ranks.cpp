#include "parallel/mpi_ranks.h"

#include <mpi.h>

#include <fmt/format.h>

#include <cstdint>
#include <cstdio>
#include <limits>
#include <cstdlib>
#include <numeric>

namespace ppl::parallel {
namespace {

class MpiRanks : public infer::Ranks {
 public:
  MpiRanks() {
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  ~MpiRanks() override { MPI_Finalize(); }

  int rank() const override { return rank_; }
  int size() const override { return size_; }

  std::vector<std::vector<double>> allgather(const std::vector<double>& mine) override {
    // The lengths first, then the numbers: a copy, so every rank holds the
    // same bits.
    const int length = static_cast<int>(mine.size());
    if (mine.size() > static_cast<size_t>(std::numeric_limits<int>::max()))
      abort(fmt::format("rank {}: {} numbers to send at once, more than MPI's counts hold",
                        rank_, mine.size()));
    std::vector<int> lengths(size_), offsets(size_, 0);
    MPI_Allgather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, MPI_COMM_WORLD);
    int64_t total = lengths[0];
    for (int r = 1; r < size_; ++r) {
      total += lengths[r];
      if (total > std::numeric_limits<int>::max())
        abort(fmt::format("rank {}: {} numbers gathered at once, more than MPI's counts hold",
                          rank_, total));
      offsets[r] = offsets[r - 1] + lengths[r - 1];
    }
    std::vector<double> all(static_cast<size_t>(offsets.back()) + lengths.back());
    MPI_Allgatherv(mine.data(), length, MPI_DOUBLE, all.data(), lengths.data(), offsets.data(),
                   MPI_DOUBLE, MPI_COMM_WORLD);
    std::vector<std::vector<double>> out(size_);
    for (int r = 0; r < size_; ++r)
      out[r].assign(all.begin() + offsets[r], all.begin() + offsets[r] + lengths[r]);
    return out;
  }

  [[noreturn]] void abort(const std::string& message) override {
    std::fprintf(stderr, "error: %s\n", message.c_str());
    std::fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, 1);
    std::exit(1);  // MPI_Abort does not return; this keeps [[noreturn]] true
  }

 private:
  int rank_ = 0, size_ = 1;
};

bool launched_by_mpirun() {
  for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"})
    if (std::getenv(variable)) return true;
  return false;
}

}  // namespace

std::unique_ptr<infer::Ranks> start_mpi_if_launched(int& argc, char**& argv) {
  if (!launched_by_mpirun()) return nullptr;
  int provided = 0;
  // The chains' threads never call MPI; only the thread that started it does.
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  auto ranks = std::make_unique<MpiRanks>();
  if (provided < MPI_THREAD_FUNNELED)
    ranks->abort("this MPI library does not let a threaded program call it from its main thread "
                 "(MPI_THREAD_FUNNELED)");
  return ranks;
}

}  // namespace ppl::parallel
