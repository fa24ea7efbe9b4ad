#pragma once
// The guide a command names: an autoguide (infer/svi/autoguide.h), a guide
// file, or `guide`, the model file's own guide block (also the default when
// the name is empty).
#include <memory>
#include <string>

#include "cli/program_loading.h"
#include "infer/init_strategy.h"
#include "infer/svi/autoguide.h"
#include "infer/svi/guide.h"

namespace ppl::cli {

struct ModelAndGuide {
  std::unique_ptr<LoadedProgram> loaded;  // the guide refers into it: kept in place
  std::unique_ptr<infer::ModelPotential> potential;
  // auto_surrogate_likelihood_dais's surrogate model, which the guide reads.
  std::unique_ptr<LoadedProgram> surrogate;
  infer::SurrogateModel surrogate_model{};
  // auto_semi_dais's local guide program (--local-guide), loaded on its own.
  std::unique_ptr<LoadedProgram> local_guide;
  std::unique_ptr<infer::Guide> guide;
};

// Null after printing the model's or the data's errors; throws ppl::Error
// for a guide that cannot be built.
std::unique_ptr<ModelAndGuide> load_model_and_guide(const std::string& model_path,
                                                    const std::string& guide,
                                                    const std::string& data_path,
                                                    const infer::InitStrategy& init,
                                                    const infer::AutoGuideSettings& settings,
                                                    RandomKey key);

}  // namespace ppl::cli
