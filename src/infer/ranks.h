#pragma once
// The processes of one job, as MPI ranks see each other (parallel/mpi_ranks.h
// implements it; a run without MPI has no Ranks). Inference uses two
// collective steps: every rank's numbers gathered on every rank, in rank
// order and copied bit for bit, and an abort that ends every rank.
#include <exception>
#include <string>
#include <vector>

namespace ppl::infer {

class Ranks {
 public:
  virtual ~Ranks() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Each rank's `mine`, on every rank, in rank order (lengths may differ).
  virtual std::vector<std::vector<double>> allgather(const std::vector<double>& mine) = 0;
  // Ends every rank's work: `message` (which should name this rank) goes to
  // standard error and the job exits with status 1. Does not return.
  [[noreturn]] virtual void abort(const std::string& message) = 0;
};

// Ends every rank with "rank R failed{where}: CAUSE", CAUSE being what
// `error` says.
[[noreturn]] void abort_failed_rank(Ranks& ranks, std::exception_ptr error,
                                    const std::string& where = "");

}  // namespace ppl::infer
