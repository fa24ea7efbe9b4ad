#pragma once
// The message every effect of a program sends through the handler stack, as
// in NumPyro: a sample site, a param, a deterministic value or a factor,
// with what the handlers have added (a random key, a value, a mask, a
// scale, the enclosing plates, the position inside scans).
#include <optional>
#include <string>
#include <vector>

#include "ad/tape.h"
#include "core/random_key.h"
#include "core/source_location.h"
#include "dist/constraint.h"
#include "dist/distribution.h"

namespace ppl::runtime {

enum class MessageKind { Sample, Param, Deterministic, Factor };

struct PlateFrame {
  std::string name;
  int dim = -1;           // batch dim counted from the right of the event dims
  int64_t size = 0;       // the full size
  int64_t batch_size = 0; // the subsample's size (= size without subsampling)
  // When this run keeps only a block of the minibatch (one shard of a split
  // ELBO), the whole minibatch's size, which the scale size / batch keeps;
  // 0 otherwise.
  int64_t scale_batch_size = 0;
};

// Whether `plates` (a site's enclosing plates) include the plate `name`.
inline bool in_plate(const std::vector<PlateFrame>& plates, const std::string& name) {
  for (const PlateFrame& frame : plates)
    if (frame.name == name) return true;
  return false;
}

// The positions [begin, end) of a subsampled plate's minibatch that a run
// keeps: the rest of the minibatch is another shard's (elbo/sharded_elbo.h).
struct MinibatchBlock {
  std::string plate;
  int64_t begin = 0, end = 0;
};

struct Message {
  MessageKind kind = MessageKind::Sample;
  std::string name;
  SourceLocation location;

  dist::DistributionPtr distribution;  // Sample
  std::optional<ad::Var> value;        // the site's value once known
  bool observed = false;
  std::optional<ad::Var> mask;         // 0/1, broadcast against the log-prob
  double scale = 1.0;
  std::vector<PlateFrame> plates;      // innermost last
  std::vector<int64_t> scan_steps;     // step indices of the enclosing scans, outermost first
  std::optional<RandomKey> key;

  // Param: its constraint (real when absent) and initial value.
  std::optional<dist::Constraint> constraint;

  // Set by block: handlers further out do not see the message.
  bool stop = false;
};

}  // namespace ppl::runtime
