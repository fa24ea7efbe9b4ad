#pragma once
// A program's data as arrays, one per data entry (absent optional entries
// are empty), kept alive for as long as tapes read them in place.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/array.h"
#include "io/data_json.h"

namespace ppl::runtime {

struct ModelData {
  std::vector<std::optional<Array>> entries;
  // Minibatches chosen by plate name, in place of random ones (NumPyro's
  // substitute on a subsample plate): `ppl predict --subsample rows=3,7`.
  std::map<std::string, std::vector<int64_t>> chosen_minibatches;

  static ModelData from(const io::LoadedData& loaded);
};

}  // namespace ppl::runtime
