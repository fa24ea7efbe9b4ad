// libFuzzer target: any bytes as a FIT.json (or a predict output) read by
// ppl summary, ppl report and ppl predict --posterior. A crash, a hang or
// an exception other than ppl's own error (a JSON library's type error, an
// out-of-range access) is a bug: every malformed file must be named.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

#include "core/error.h"
#include "io/draws_files.h"
#include "io/fit_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const nlohmann::json document = nlohmann::json::parse(text, nullptr, false);
  if (document.is_discarded()) return 0;  // not JSON: the commands say so before reading
  try {
    (void)ppl::io::read_fit_json_draws(document, "fuzz.json");
  } catch (const ppl::Error&) {
  }
  try {
    (void)ppl::io::read_fit_draws(document);
  } catch (const ppl::Error&) {
  }
  try {
    (void)ppl::io::read_fit_params(document);
  } catch (const ppl::Error&) {
  }
  return 0;
}
