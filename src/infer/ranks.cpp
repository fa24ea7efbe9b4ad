#include "infer/ranks.h"

#include <fmt/format.h>

namespace ppl::infer {

void abort_failed_rank(Ranks& ranks, std::exception_ptr error, const std::string& where) {
  std::string cause = "an unknown failure";
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    cause = e.what();
  } catch (...) {
  }
  ranks.abort(fmt::format("rank {} failed{}: {}", ranks.rank(), where, cause));
}

}  // namespace ppl::infer
