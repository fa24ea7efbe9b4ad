#pragma once
// The pointwise log likelihood of a fit (for LOO and WAIC): the model run
// at each posterior draw, its latent sites set to the draw's values, scores
// every element of every observed site.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/array.h"
#include "core/random_key.h"
#include "io/site_results.h"
#include "ir/ir.h"
#include "runtime/model_data.h"

namespace ppl::infer {

// The first subsampled plate of the model's run (its minibatch differs
// from run to run), or nullopt.
std::optional<std::string> subsampled_plate(const ir::Program& program,
                                            const runtime::ModelData& data, RandomKey key);

// Per observed site, its log density per element (the distribution's batch
// shape; a scan's steps stacked first; masked elements 0) at each draw,
// chains as the posterior's. `params` (an SVI fit's, constrained) are set
// in each run; posterior sites that are not latent (deterministic ones) are
// recomputed. ppl::Error for a model with a subsampled plate: an element
// would be a different row at each draw.
std::vector<io::SiteDraws> pointwise_log_likelihood(const ir::Program& program,
                                                    const runtime::ModelData& data,
                                                    const std::vector<io::SiteDraws>& posterior,
                                                    const std::map<std::string, Array>& params,
                                                    RandomKey key);

}  // namespace ppl::infer
