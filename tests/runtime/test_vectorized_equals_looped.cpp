// Every program in models/ and bench/posteriordb/: predictive draws run all at once give the same
// sites, shapes and (for the values a posterior fixes) the same values as
// draws run one at a time.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include "infer/predictive.h"
#include "runtime_test_support.h"

using namespace ppl;

namespace {

struct ModelCase {
  const char* file;
  const char* data;  // inline JSON
};

const std::string kStateSpace = R"({"T": 5, "y": [0.3, -0.2, 0.5, 1.1, 0.4],
  "observed": [true, false, true, true, false], "phi": 0.8, "beta": 0.5})";

std::string read_models_file(const std::string& name) {
  std::ifstream in(std::string(PPL_SOURCE_DIR) + "/models/" + name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const infer::SiteDraws* find(const std::vector<infer::SiteDraws>& sites, const std::string& name) {
  for (const auto& s : sites)
    if (s.name == name) return &s;
  return nullptr;
}

// Equal to 1e-10 relative, or the same infinity, or both NaN.
bool same_value(double a, double b) {
  if (a == b || (std::isnan(a) && std::isnan(b))) return true;
  return std::abs(a - b) <= 1e-10 * (1 + std::abs(b));
}

}  // namespace

TEST_CASE("predictive draws: vectorized equals looped on every model") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"eight_schools_centered.ppl", read_models_file("eight_schools.data.json")},
      {"eight_schools_noncentered.ppl", read_models_file("eight_schools.data.json")},
      {"seed000_inside_scan.ppl", read_models_file("seed000.data.json")},
      {"seed000_outside_scan.ppl", read_models_file("seed000.data.json")},
      {"seed001_state_space.ppl", kStateSpace},
      {"seed001_state_space_partial.ppl", kStateSpace},
      {"seed001_state_space_with_drift.ppl", kStateSpace},
      {"seed002_model_factor.ppl", "{}"},
      {"seed002_model_factor_improper.ppl", "{}"},
      {"seed002_model_nofactor.ppl", "{}"},
      {"seed004_dmm.ppl", R"({"T": 3, "N": 2, "D": 2, "Z": 2, "H": 3,
                  "x": [[[1, 0], [0, 0]], [[1, 1], [0, 1]], [[0, 1], [1, 0]]]})"},
  };
  std::vector<std::pair<std::string, std::string>> programs;
  for (const auto& [file, data] : cases) programs.push_back({test::model_source(file), data});
  // sum(d.log_prob(y)) is scored as d's summed density one draw at a time;
  // at once, each draw keeps its own sum.
  const std::string summed_log_prob = R"(data {
  N: int
  y: real[N]
}

model {
  mu ~ Normal(0, 1)
  deterministic lp = sum(Normal(mu, 2.0).log_prob(y))
  factor lik = sum(Normal(mu, 2.0).log_prob(y))
}
)";
  // And the posteriordb translations under bench/.
  std::vector<std::string> names;
  const std::filesystem::path bench = std::filesystem::path(PPL_SOURCE_DIR) / "bench" / "posteriordb";
  for (const auto& entry : std::filesystem::directory_iterator(bench))
    if (entry.path().extension() == ".ppl") names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  CHECK(names.size() >= 20);
  std::vector<std::string> files;
  for (const auto& [file, data] : cases) files.push_back(file);
  programs.push_back({summed_log_prob, R"({"N": 4, "y": [0.5, -1.0, 2.0, 0.25]})"});
  files.push_back("sum of log_prob");
  // An observed value computed from a draw: one per draw, as a latent's.
  programs.push_back({R"(model {
  mu ~ Normal(0, 1)
  let doubled = 2.0 * mu
  z ~ Normal(0, 1) obs doubled
}
)", "{}"});
  files.push_back("observed from a draw");
  // Scans run vectorized, with each step's draws left of its batch dims;
  // draws go left of the data's dims too (sum of log_prob adds a draw to data).
  const std::set<std::string> vectorizing = {
      "seed000_inside_scan.ppl", "seed000_outside_scan.ppl", "seed001_state_space.ppl",
      "seed001_state_space_partial.ppl", "seed001_state_space_with_drift.ppl", "arma-arma11",
      "observed from a draw", "sum of log_prob"};
  for (const std::string& name : names) {
    std::ifstream model(bench / (name + ".ppl")), data(bench / (name + ".data.json"));
    std::ostringstream model_text, data_text;
    model_text << model.rdbuf();
    data_text << data.rdbuf();
    programs.push_back({model_text.str(), data_text.str()});
    files.push_back(name);
  }
  for (size_t c = 0; c < programs.size(); ++c) {
    const std::string& file = files[c];
    const auto& [source, data] = programs[c];
    INFO(file);
    auto p = test::load(source, data);
    // A posterior of five prior draws (looped), then predictions from it both ways.
    infer::PredictiveOptions options;
    options.num_samples = 5;
    options.seed = 11;
    options.vectorize = false;
    std::vector<infer::SiteDraws> prior;
    try {
      prior = infer::predict(p.program, p.data, options);
    } catch (const Error& e) {
      // ImproperUniform cannot be drawn from the prior.
      CHECK(std::string(e.what()).find("ImproperUniform") != std::string::npos);
      continue;
    }
    infer::PosteriorDraws posterior(5);
    ad::Tape tape;
    handlers::Trace trace = test::run_traced(p, tape, 1);
    for (const handlers::TraceSite& site : trace.sites()) {
      if (!site.is_latent()) continue;
      const infer::SiteDraws* s = find(prior, site.name);
      REQUIRE(s);
      Shape shape(std::span<const int64_t>(s->shape.data(), s->shape.size()));
      for (int d = 0; d < 5; ++d)
        posterior[d][site.name] =
            Array(shape, Eigen::Map<const Eigen::ArrayXd>(s->draws[0][d].data(), s->draws[0][d].size()));
    }
    auto looped = infer::predict(p.program, p.data, options, &posterior);
    options.vectorize = true;
    bool vectorized = false;
    auto at_once = infer::predict(p.program, p.data, options, &posterior, &vectorized);
    MESSAGE(file << std::string(vectorized ? ": vectorized" : ": one draw at a time"));
    if (vectorizing.count(file)) CHECK(vectorized);
    REQUIRE(looped.size() == at_once.size());
    for (size_t k = 0; k < looped.size(); ++k) {
      INFO(looped[k].name);
      CHECK(looped[k].name == at_once[k].name);
      CHECK(looped[k].shape == at_once[k].shape);
      const handlers::TraceSite* site = trace.find(looped[k].name);
      bool fixed = site && (site->is_latent() || site->kind == runtime::MessageKind::Deterministic ||
                            site->observed);
      if (!fixed) continue;
      for (int d = 0; d < 5; ++d)
        for (size_t i = 0; i < looped[k].draws[0][d].size(); ++i)
          CHECK(same_value(at_once[k].draws[0][d][i], looped[k].draws[0][d][i]));
    }
  }
}
