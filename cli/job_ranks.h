#pragma once
// The MPI ranks this ppl process belongs to: null unless mpirun launched it
// (and ppl was built with MPI). main starts and ends them.
#include "infer/ranks.h"

namespace ppl::cli {

// false, with a message on standard error, when mpirun launched several
// processes of a ppl built without MPI (each would run the whole job alone).
bool start_job_ranks(int& argc, char**& argv);
void end_job_ranks();
infer::Ranks* job_ranks();
// Whether this process writes results: rank 0, or the only process.
bool writes_results();
// Under mpirun, whether every rank is ready (`ok` here): all go on, or none
// (a rank left waiting for one that failed would wait for ever). Rank 0
// names another rank that was not ready: "rank R {failure}". True without
// ranks.
bool every_rank_ok(bool ok, const char* failure);
// Whether several processes run this job (mpirun -np K, K > 1).
bool several_ranks();

}  // namespace ppl::cli
