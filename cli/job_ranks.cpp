#include "cli/job_ranks.h"

#include <cstdlib>
#include <iostream>
#include <memory>
#include <vector>

#ifdef PPL_WITH_MPI
#include "parallel/mpi_ranks.h"
#endif

namespace ppl::cli {
namespace {

std::unique_ptr<infer::Ranks>& ranks_holder() {
  static std::unique_ptr<infer::Ranks> ranks;
  return ranks;
}

}  // namespace

bool start_job_ranks(int& argc, char**& argv) {
#ifdef PPL_WITH_MPI
  ranks_holder() = parallel::start_mpi_if_launched(argc, argv);
  return true;
#else
  // Open MPI's mpirun, or a PMI launcher (MPICH, Slurm's srun).
  const char* size = std::getenv("OMPI_COMM_WORLD_SIZE");
  if (!size) size = std::getenv("PMI_SIZE");
  if (size && std::atoi(size) > 1) {
    std::cerr << "ppl: error: launched by mpirun as " << size
              << " processes, but this ppl was built without MPI (install libopenmpi-dev and "
                 "rebuild): each process would run the whole job alone\n";
    return false;
  }
  return true;
#endif
}

void end_job_ranks() { ranks_holder().reset(); }

infer::Ranks* job_ranks() { return ranks_holder().get(); }

bool writes_results() { return !job_ranks() || job_ranks()->rank() == 0; }

bool several_ranks() { return job_ranks() && job_ranks()->size() > 1; }

bool every_rank_ok(bool ok, const char* failure) {
  if (!several_ranks()) return true;
  infer::Ranks* ranks = job_ranks();
  const std::vector<std::vector<double>> ok_on = ranks->allgather({ok ? 1.0 : 0.0});
  for (int r = 0; r < ranks->size(); ++r)
    if (ok_on[r][0] == 0) {
      if (ok && writes_results())
        std::cerr << "ppl fit: error: rank " << r << " " << failure << "; no rank runs\n";
      return false;
    }
  return true;
}

}  // namespace ppl::cli
