#pragma once
// A program's data as arrays, one per data entry (absent optional entries
// are empty), kept alive for as long as tapes read them in place.
#include <optional>
#include <vector>

#include "core/array.h"
#include "io/data_json.h"

namespace ppl::runtime {

struct ModelData {
  std::vector<std::optional<Array>> entries;

  static ModelData from(const io::LoadedData& loaded);
};

}  // namespace ppl::runtime
