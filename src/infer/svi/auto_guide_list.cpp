// Autoguide lists (NumPyro's AutoGuideList): parts that each cover some
// latent sites, drawn one after another into one trace.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "core/closest_name.h"
#include "core/error.h"
#include "infer/svi/autoguide.h"

namespace ppl::infer {

namespace {

struct PartSpec {
  std::string name;
  std::optional<std::vector<std::string>> sites;  // absent: every site no other part has
};

std::string trimmed(std::string_view text) {
  size_t begin = 0, end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  return std::string(text.substr(begin, end - begin));
}

// "auto_delta[coefs, b] + auto_normal" as parts.
std::vector<PartSpec> parse_parts(std::string_view spec) {
  std::vector<PartSpec> parts;
  size_t start = 0;
  while (start <= spec.size()) {
    size_t plus = spec.find('+', start);
    if (plus == std::string_view::npos) plus = spec.size();
    const std::string text = trimmed(spec.substr(start, plus - start));
    PartSpec part;
    const size_t open = text.find('[');
    part.name = trimmed(std::string_view(text).substr(0, open));
    if (open != std::string::npos) {
      if (text.back() != ']')
        throw Error(
            fmt::format("--guide '{}': a part's sites are listed as NAME[site, site]", spec));
      std::vector<std::string> sites;
      const std::string inner = text.substr(open + 1, text.size() - open - 2);
      size_t from = 0;
      while (from <= inner.size()) {
        size_t comma = inner.find(',', from);
        if (comma == std::string::npos) comma = inner.size();
        const std::string site = trimmed(std::string_view(inner).substr(from, comma - from));
        if (!site.empty()) sites.push_back(site);
        from = comma + 1;
      }
      if (sites.empty())
        throw Error(fmt::format("--guide '{}': the part {} lists no site", spec, part.name));
      part.sites = sites;
    }
    parts.push_back(std::move(part));
    start = plus + 1;
  }
  return parts;
}

bool names_program_part(const std::string& name) {
  return name == "guide" || (!find_autoguide(name) && std::filesystem::is_regular_file(name));
}

// Each part an autoguide, at most one a guide program without a list of sites.
void check_parts(std::string_view spec, const std::vector<PartSpec>& parts) {
  int programs = 0;
  for (const PartSpec& part : parts) {
    if (names_program_part(part.name)) {
      if (++programs > 1)
        throw Error(fmt::format("--guide '{}': at most one part may be a guide program", spec));
      if (part.sites)
        throw Error(fmt::format("--guide '{}': the guide program {} covers the sites it "
                                "samples; it takes no list of sites",
                                spec, part.name));
      continue;
    }
    if (part.name.size() > 4 && part.name.ends_with(".ppl"))
      throw Error(fmt::format("--guide '{}': no guide file '{}'", spec, part.name));
    if (!find_autoguide(part.name)) {
      std::vector<std::string> names;
      for (const AutoGuideEntry& entry : autoguides()) names.push_back(entry.name);
      const auto suggestion = closest_name(part.name, names);
      throw Error(fmt::format(
          "--guide '{}': '{}' is not an autoguide{}; a list's parts are autoguides ({}), "
          "and at most one guide program (guide, the model file's guide block, or a guide file)",
          spec, part.name, suggestion ? "; did you mean '" + *suggestion + "'?" : "",
          autoguide_names()));
    }
    if (part.name == "auto_laplace_approximation" || part.name.ends_with("dais"))
      throw Error(fmt::format("--guide '{}': {} follows the whole model's density (its {}), so it "
                              "cannot be one part of a list",
                              spec, part.name,
                              part.name.ends_with("dais") ? "gradient" : "Hessian"));
  }
}

// Guides whose params are one vector over all their sites (PREFIX_loc).
bool has_joint_params(const std::string& name) {
  return name != "auto_normal" && name != "auto_delta";
}

class AutoGuideList final : public Guide {
 public:
  AutoGuideList(std::string spec, std::vector<std::unique_ptr<Guide>> parts,
                std::set<std::string> program_sites)
      : spec_(std::move(spec)), parts_(std::move(parts)), program_sites_(std::move(program_sites)) {}
  std::string name() const override { return spec_; }
  bool replay_by_step() const override { return false; }

  handlers::Trace draw(ad::Tape& tape, RandomKey seed, RandomKey run_key,
                       ParamHandler& params) const override {
    handlers::Trace all;
    for (size_t k = 0; k < parts_.size(); ++k)
      all.append(parts_[k]->draw(tape, fold_in(seed, static_cast<uint64_t>(k)), run_key, params));
    return all;
  }

  UnconstrainedValues unconstrained_values() const override {
    UnconstrainedValues all;
    bool first = true;
    for (const auto& part : parts_) {
      UnconstrainedValues values = part->unconstrained_values();
      if (values.sites.empty()) continue;
      if (!first && values.with_jacobian != all.with_jacobian)
        throw Error(fmt::format(
            "--guide '{}': sites whose support moves with other latent values are drawn as "
            "densities by one part and as points by another; put them in parts of one kind",
            spec_));
      all.with_jacobian = values.with_jacobian;
      all.sites.insert(values.sites.begin(), values.sites.end());
      first = false;
    }
    return all;
  }

  std::optional<std::set<std::string>> sites_checked_against_model() const override {
    return program_sites_;
  }

  nlohmann::json posterior_description() const override {
    nlohmann::json parts = nlohmann::json::array();
    for (const auto& part : parts_) parts.push_back(part->posterior_description());
    return {{"guide", spec_}, {"parts", parts}};
  }

  void after_fit(ParamStore& store, const ir::Program& program,
                 const runtime::ModelData& data) const override {
    for (const auto& part : parts_) part->after_fit(store, program, data);
  }

 private:
  std::string spec_;
  std::vector<std::unique_ptr<Guide>> parts_;
  std::set<std::string> program_sites_;  // the latent sites of a guide program part
};

}  // namespace

std::optional<std::string> program_part_of_list(std::string_view spec) {
  const std::vector<PartSpec> parts = parse_parts(spec);
  check_parts(spec, parts);
  for (const PartSpec& part : parts)
    if (names_program_part(part.name)) return part.name;
  return std::nullopt;
}

std::unique_ptr<Guide> make_autoguide_list(std::string_view spec, const AutoGuideInputs& inputs,
                                           std::optional<ProgramGuidePart> program) {
  const std::vector<PartSpec> parts = parse_parts(spec);
  check_parts(spec, parts);
  std::vector<std::string> latent;
  for (const LatentSite& site : inputs.layout.sites()) latent.push_back(site.name);
  // Which part covers each site.
  std::map<std::string, size_t> owner;
  std::optional<size_t> rest;
  for (size_t k = 0; k < parts.size(); ++k) {
    if (names_program_part(parts[k].name)) {
      if (!program)
        throw Error(fmt::format("--guide '{}': the guide program {} was not loaded", spec,
                                parts[k].name));
      // A site in a for loop is one latent site per iteration: x[0], x[1], ...
      for (const std::string& name : latent)
        for (const std::string& sampled : program->sites)
          if (name == sampled || name.rfind(sampled + "[", 0) == 0) owner.emplace(name, k);
      continue;
    }
    if (!parts[k].sites) {
      if (rest)
        throw Error(
            fmt::format("--guide '{}': only one part may go without a list of sites "
                        "(it covers the sites the others do not)",
                        spec));
      rest = k;
      continue;
    }
    for (const std::string& site : *parts[k].sites) {
      if (std::find(latent.begin(), latent.end(), site) == latent.end()) {
        const auto suggestion = closest_name(site, latent);
        throw Error(fmt::format("--guide '{}': '{}' is not a latent site of the model{}", spec,
                                site, suggestion ? "; did you mean '" + *suggestion + "'?" : ""));
      }
      if (!owner.emplace(site, k).second)
        throw Error(fmt::format("--guide '{}': site '{}' is in two parts", spec, site));
    }
  }
  std::vector<std::set<std::string>> covered(parts.size());
  std::vector<std::string> uncovered;
  for (const std::string& site : latent) {
    auto it = owner.find(site);
    if (it != owner.end())
      covered[it->second].insert(site);
    else if (rest)
      covered[*rest].insert(site);
    else
      uncovered.push_back(site);
  }
  if (!uncovered.empty())
    throw Error(
        fmt::format("--guide '{}': no part covers the latent site{} {}; list {} in a part "
                    "or add a part without a list (e.g. + auto_normal)",
                    spec, uncovered.size() == 1 ? "" : "s", fmt::join(uncovered, ", "),
                    uncovered.size() == 1 ? "it" : "them"));
  std::vector<std::unique_ptr<Guide>> made;
  std::set<std::string> program_sites;
  int joint_parts = 0;
  for (size_t k = 0; k < parts.size(); ++k) {
    if (covered[k].empty())
      throw Error(
          fmt::format("--guide '{}': the part {} covers no latent site", spec, parts[k].name));
    if (names_program_part(parts[k].name)) {
      program_sites = covered[k];
      made.push_back(std::move(program->guide));
      continue;
    }
    AutoGuideInputs part{inputs.layout, inputs.initial, inputs.settings, covered[k]};
    part.program = inputs.program;
    part.data = inputs.data;
    if (has_joint_params(parts[k].name) && ++joint_parts > 1)
      part.settings.prefix = fmt::format("{}_part{}", inputs.settings.prefix, joint_parts);
    made.push_back(find_autoguide(parts[k].name)->make(part));
  }
  return std::make_unique<AutoGuideList>(std::string(spec), std::move(made),
                                         std::move(program_sites));
}

}  // namespace ppl::infer
