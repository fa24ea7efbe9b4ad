#include "cli/guide_selection.h"

#include <fmt/format.h>

#include <cctype>
#include <filesystem>
#include <optional>

#include "core/error.h"
#include "frontend/messages.h"
#include "infer/svi/autoguide.h"

namespace ppl::cli {

namespace {

// The autoguide NumPyro's class name means (AutoLowRankMultivariateNormal
// is auto_lowrank_multivariate_normal): the names agree in lower case
// without underscores.
std::optional<std::string> autoguide_by_class_name(const std::string& given) {
  auto folded = [](const std::string& name) {
    std::string out;
    for (char c : name)
      if (c != '_') out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    return out;
  };
  for (const infer::AutoGuideEntry& entry : infer::autoguides())
    if (folded(entry.name) == folded(given)) return entry.name;
  return std::nullopt;
}

// A guide program that is one part of a larger guide (a list's part,
// auto_semi_dais's global or local guide) and the sites it samples; `option`
// names where it was given. Its scan sites would be replayed step by step
// while the other parts' are substituted whole, so it may not sample in a
// scan.
infer::ProgramGuidePart program_guide_part(const LoadedProgram& p, const std::string& option) {
  if (!p.program.guide) throw Error(fmt::format("{}: the model file has no guide block", option));
  infer::ProgramGuidePart part{std::make_unique<infer::ProgramGuide>(p.program, p.data), {}};
  for (const frontend::SiteSummary& site : p.compiled.summary.sites) {
    if (site.block != frontend::BlockKind::Guide || site.observed) continue;
    if (!site.scan.empty())
      throw Error(fmt::format("{}: the guide program samples '{}' in a scan; a guide program "
                              "that is one part of a guide may not (give the scan's sites to "
                              "an autoguide, or use the guide program alone)",
                              option, site.name));
    part.sites.insert(site.name);
  }
  return part;
}

// The guide file a guide program option names: nullopt for `guide`, the
// model file's own guide block; ppl::Error when the file is gone.
std::optional<std::string> guide_program_file(const std::string& option, const std::string& given) {
  if (given == "guide") return std::nullopt;
  if (!std::filesystem::exists(given))
    throw Error(fmt::format("{} '{}': expected {}guide (the model file's guide block) or a "
                            "guide file; no such file",
                            option, given,
                            option == "--global-guide" ? "an autoguide such as auto_normal, " : ""));
  return given;
}

}  // namespace

std::unique_ptr<ModelAndGuide> load_model_and_guide(const std::string& model_path,
                                                    const std::string& guide,
                                                    const std::string& data_path,
                                                    const infer::InitStrategy& init,
                                                    const infer::AutoGuideSettings& settings,
                                                    RandomKey key) {
  // A file of that name wins over reading the name as a list of autoguides.
  const bool autoguide = infer::find_autoguide(guide) ||
                         (!std::filesystem::exists(guide) && infer::names_autoguide(guide));
  if (settings.laplace_regularization > 0 && guide != "auto_laplace_approximation")
    throw Error(fmt::format("--laplace-regularization applies to auto_laplace_approximation's "
                            "Hessian; --guide {} has none",
                            guide));
  if (settings.rank && guide.find("auto_lowrank_multivariate_normal") == std::string::npos)
    throw Error(fmt::format("--rank is the rank of auto_lowrank_multivariate_normal; --guide {} "
                            "has none",
                            guide));
  infer::check_guide_options(settings, guide);
  // A list may have a guide program as one part: "guide + auto_normal".
  const std::optional<std::string> program_part =
      autoguide && !infer::find_autoguide(guide) ? infer::program_part_of_list(guide)
                                                 : std::nullopt;
  std::optional<std::string> guide_file;
  if (program_part && *program_part != "guide") guide_file = *program_part;
  bool own_block = guide.empty() || guide == "guide";
  if (!autoguide && !own_block) {
    if (!std::filesystem::exists(guide))
    {
      std::vector<std::string> names;
      for (const infer::AutoGuideEntry& entry : infer::autoguides()) names.push_back(entry.name);
      std::optional<std::string> suggestion = autoguide_by_class_name(guide);
      if (!suggestion) suggestion = frontend::messages::closest(guide, names);
      throw Error(fmt::format("--guide '{}': {}expected {}, guide (the model file's guide block) "
                              "or a guide file; no such file",
                              guide, suggestion ? "did you mean '" + *suggestion + "'? " : "",
                              infer::autoguide_names()));
    }
    guide_file = guide;
  }
  // auto_semi_dais's guide programs: the global one shares the model's
  // load; the local one, if any, is loaded on its own.
  const bool semi_dais = guide == "auto_semi_dais";
  const bool global_program = semi_dais && !infer::find_autoguide(settings.global_guide);
  if (global_program) guide_file = guide_program_file("--global-guide", settings.global_guide);
  if (semi_dais && settings.global_guide == "guide" && settings.local_guide == "guide")
    throw Error("--global-guide guide and --local-guide guide: the model file has one guide "
                "block; give one of them a guide file");
  // With guide programs, auto_semi_dais's guides cover the latent sites
  // between them, and the model file's guide block may be one of them while
  // a guide file is the other.
  const bool semi_dais_programs = global_program || (semi_dais && !settings.local_guide.empty());
  frontend::CheckOptions check;
  check.guide_covers_every_latent = !program_part && !semi_dais_programs;
  check.guide_file_replaces_model_guide = semi_dais_programs;
  auto loaded = load_program(model_path, guide_file, data_path, check);
  if (!loaded) return nullptr;
  auto result = std::make_unique<ModelAndGuide>();
  result->loaded = std::make_unique<LoadedProgram>(std::move(*loaded));
  const LoadedProgram& p = *result->loaded;
  if (autoguide) {
    result->potential = std::make_unique<infer::ModelPotential>(p.program, p.data, fold_in(key, "model"));
    if (result->potential->dimension() == 0)
      throw Error("the model has no latent continuous sites for an autoguide");
    Eigen::VectorXd start = infer::initial_point(*result->potential, init, fold_in(key, "init"));
    infer::AutoGuideSettings with_key = settings;
    with_key.init_key = fold_in(key, "networks");
    infer::AutoGuideInputs inputs{result->potential->layout(), start, with_key, std::nullopt,
                                  result->potential.get()};
    inputs.program = &p.program;
    inputs.data = &p.data;
    if (!settings.surrogate.empty()) {
      // The surrogate's data: --surrogate-data, or the file beside it.
      auto surrogate = load_program(settings.surrogate, std::nullopt, settings.surrogate_data);
      if (!surrogate) throw Error(fmt::format("the surrogate model {} did not load", settings.surrogate));
      result->surrogate = std::make_unique<LoadedProgram>(std::move(*surrogate));
      result->surrogate_model = {&result->surrogate->program, &result->surrogate->data};
      inputs.surrogate = &result->surrogate_model;
    }
    if (global_program)
      inputs.global_program = std::make_shared<infer::ProgramGuidePart>(
          program_guide_part(p, "--global-guide " + settings.global_guide));
    if (semi_dais && !settings.local_guide.empty()) {
      auto local = load_program(model_path, guide_program_file("--local-guide", settings.local_guide),
                                data_path, check);
      if (!local) throw Error(fmt::format("the local guide {} did not load", settings.local_guide));
      result->local_guide = std::make_unique<LoadedProgram>(std::move(*local));
      inputs.local_program = std::make_shared<infer::ProgramGuidePart>(
          program_guide_part(*result->local_guide, "--local-guide " + settings.local_guide));
    }
    if (program_part)
      result->guide = infer::make_autoguide_list(guide, inputs,
                                                 program_guide_part(p, "--guide '" + guide + "'"));
    else
      result->guide = infer::make_autoguide(guide, inputs);
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
