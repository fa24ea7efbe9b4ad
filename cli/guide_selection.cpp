#include "cli/guide_selection.h"

#include <fmt/format.h>

#include <filesystem>

#include "core/error.h"
#include "frontend/messages.h"
#include "infer/svi/autoguide.h"

namespace ppl::cli {

std::unique_ptr<ModelAndGuide> load_model_and_guide(const std::string& model_path,
                                                    const std::string& guide,
                                                    const std::string& data_path,
                                                    const infer::InitStrategy& init,
                                                    double init_scale, RandomKey key) {
  const bool autoguide = infer::find_autoguide(guide) != nullptr;
  std::optional<std::string> guide_file;
  bool own_block = guide.empty() || guide == "guide";
  if (!autoguide && !own_block) {
    if (!std::filesystem::exists(guide))
    {
      std::vector<std::string> names;
      for (const infer::AutoGuideEntry& entry : infer::autoguides()) names.push_back(entry.name);
      auto suggestion = frontend::messages::closest(guide, names);
      throw Error(fmt::format("--guide '{}': {}expected {}, guide (the model file's guide block) "
                              "or a guide file; no such file",
                              guide, suggestion ? "did you mean '" + *suggestion + "'? " : "",
                              infer::autoguide_names()));
    }
    guide_file = guide;
  }
  auto loaded = load_program(model_path, guide_file, data_path);
  if (!loaded) return nullptr;
  auto result = std::make_unique<ModelAndGuide>();
  result->loaded = std::make_unique<LoadedProgram>(std::move(*loaded));
  const LoadedProgram& p = *result->loaded;
  if (autoguide) {
    result->potential = std::make_unique<infer::ModelPotential>(p.program, p.data, fold_in(key, "model"));
    if (result->potential->dimension() == 0)
      throw Error("the model has no latent continuous sites for an autoguide");
    Eigen::VectorXd start = infer::initial_point(*result->potential, init, fold_in(key, "init"));
    result->guide = infer::make_autoguide(guide, {result->potential->layout(), start, init_scale});
  } else {
    if (!p.program.guide)
      throw Error(guide_file ? "the guide file has no guide block"
                             : "the model file has no guide block; name one with --guide (a guide "
                               "file or " + infer::autoguide_names() + ")");
    result->guide = std::make_unique<infer::ProgramGuide>(p.program, p.data);
  }
  return result;
}

}  // namespace ppl::cli
