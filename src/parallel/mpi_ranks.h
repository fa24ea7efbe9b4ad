#pragma once
// infer::Ranks over MPI's world communicator (Open MPI). MPI is started only
// when the process was launched by mpirun (its environment says so), and
// finalized when the object goes.
//   auto ranks = start_mpi_if_launched(argc, argv);  // null: not under mpirun
#include <memory>

#include "infer/ranks.h"

namespace ppl::parallel {

// The job's ranks when mpirun launched this process, else null.
std::unique_ptr<infer::Ranks> start_mpi_if_launched(int& argc, char**& argv);

}  // namespace ppl::parallel
