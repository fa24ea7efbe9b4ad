// Every program in models/ passes the checks, and its summary says what it holds.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "frontend/compile.h"
#include "frontend/summary_report.h"

namespace {

using namespace ppl::frontend;

std::string model_path(const std::string& name) {
  return std::string(PPL_SOURCE_DIR) + "/models/" + name;
}

CompiledProgram compile_model(const std::string& name,
                              const std::optional<std::string>& guide = std::nullopt) {
  CompiledProgram compiled =
      compile_files(model_path(name), guide ? std::optional(model_path(*guide)) : std::nullopt);
  INFO(compiled.rendered_diagnostics());
  REQUIRE(compiled.ok());
  return compiled;
}

const SiteSummary& site(const ProgramSummary& summary, const std::string& name, BlockKind block) {
  auto it = std::find_if(summary.sites.begin(), summary.sites.end(), [&](const SiteSummary& s) {
    return s.name == name && s.block == block;
  });
  REQUIRE(it != summary.sites.end());
  return *it;
}

}  // namespace

TEST_CASE("every file in models/ passes ppl check") {
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(PPL_SOURCE_DIR) + "/models")) {
    if (entry.path().extension() != ".ppl") continue;
    CompiledProgram compiled = compile_files(entry.path().string(), std::nullopt);
    INFO(entry.path().string() << "\n" << compiled.rendered_diagnostics());
    CHECK(compiled.ok());
    ++checked;
  }
  CHECK(checked >= 12);
}

TEST_CASE("eight schools non-centered: sites, plate and deterministic") {
  CompiledProgram compiled = compile_model("eight_schools_noncentered.ppl");
  const ProgramSummary& s = compiled.summary;
  REQUIRE(s.data.size() == 3);
  CHECK(s.data[1].name == "y");
  CHECK(s.data[1].type == "real[J]");
  CHECK(s.data[1].optional);
  CHECK_FALSE(site(s, "mu", BlockKind::Model).observed);
  CHECK(site(s, "tau", BlockKind::Model).distribution == "HalfCauchy");
  const SiteSummary& theta_raw = site(s, "theta_raw", BlockKind::Model);
  CHECK(theta_raw.shape == "[J]");
  CHECK(theta_raw.plates == std::vector<std::string>{"school"});
  const SiteSummary& y = site(s, "y", BlockKind::Model);
  CHECK_FALSE(y.observed);
  CHECK(y.observed_if_data);
  REQUIRE(s.plates.size() == 1);
  CHECK(s.plates[0].dim == -1);
  CHECK(s.deterministics == std::vector<std::string>{"theta"});
}

TEST_CASE("state-space model: the scan stacks x and y and carries x") {
  CompiledProgram compiled = compile_model("seed001_state_space.ppl");
  const ProgramSummary& s = compiled.summary;
  REQUIRE(s.scans.size() == 1);
  CHECK(s.scans[0].range == "0:T");
  CHECK(s.scans[0].carries == std::vector<std::string>{"x"});
  CHECK(s.scans[0].sites == std::vector<std::string>{"x", "y"});
  CHECK(site(s, "x", BlockKind::Model).scan == "t");
  CHECK(site(s, "y", BlockKind::Model).observed_if_data);
}

TEST_CASE("seed 000: inside and outside formulations, with mask and obs") {
  CompiledProgram outside = compile_model("seed000_outside_scan.ppl");
  CHECK(site(outside.summary, "x", BlockKind::Model).distribution == "Normal.mask");
  CHECK(site(outside.summary, "x_aux", BlockKind::Model).observed);
  CHECK(site(outside.summary, "x_aux", BlockKind::Guide).observed);
  CompiledProgram inside = compile_model("seed000_inside_scan.ppl");
  CHECK_FALSE(site(inside.summary, "x", BlockKind::Guide).observed);
}

TEST_CASE("seed 002: both guides check against both models") {
  for (const char* model : {"seed002_model_factor.ppl", "seed002_model_nofactor.ppl",
                            "seed002_model_factor_improper.ppl"}) {
    for (const char* guide : {"seed002_guide_factor.ppl", "seed002_guide_nofactor.ppl"}) {
      CAPTURE(model);
      CAPTURE(guide);
      CompiledProgram compiled = compile_model(model, std::string(guide));
      CHECK(compiled.summary.has_guide);
    }
  }
  CompiledProgram factor_guide = compile_model("seed002_guide_factor.ppl");
  CHECK(factor_guide.summary.factors == std::vector<std::string>{"log_fac"});
  REQUIRE(factor_guide.summary.params.size() == 2);
  CHECK(factor_guide.summary.params[0].constraint == "positive");
}

TEST_CASE("seed 004: the deep Markov model and its amortized guide check together") {
  CompiledProgram compiled = compile_model("seed004_dmm.ppl", std::string("seed004_dmm_guide.ppl"));
  const ProgramSummary& s = compiled.summary;
  CHECK(s.functions.size() == 6);
  CHECK(site(s, "z", BlockKind::Model).scan == "t");
  CHECK(site(s, "z", BlockKind::Guide).plates == std::vector<std::string>{"sequence"});
  auto matrix_params = std::count_if(s.params.begin(), s.params.end(),
                                     [](const ParamSummary& p) { return p.shape == "[Z, H]"; });
  CHECK(matrix_params == 3);  // e_W1 and t_W1 in the model, c_Wz in the guide
}

TEST_CASE("summary as JSON carries the same facts as the text") {
  CompiledProgram compiled = compile_model("eight_schools_noncentered.ppl");
  nlohmann::json j = summary_json(compiled.summary);
  CHECK(j["ok"] == true);
  CHECK(j["data"][0]["name"] == "J");
  CHECK(j["sites"].size() == 4);
  CHECK(j["sites"][2]["name"] == "theta_raw");
  CHECK(j["sites"][2]["shape"] == "[J]");
  CHECK(j["plates"][0]["dim"] == -1);
  std::string text = summary_text(compiled.summary);
  CHECK(text.find("site theta_raw") != std::string::npos);
  CHECK(text.find("plate school        size J dim -1") != std::string::npos);
}

TEST_CASE("a separate guide file must hold a guide and agree with the model's data") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "ppl_guide_file_test";
  fs::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  };
  std::string model = write("m.ppl", "data { N: int }\nmodel {\n  mu ~ Normal(0, 1)\n}\n");
  std::string with_model = write("g1.ppl", "model {\n}\nguide {\n  mu ~ Normal(0, 1)\n}\n");
  std::string disagrees = write("g2.ppl", "data { N: real }\nguide {\n  mu ~ Normal(0, 1)\n}\n");
  std::string fine = write("g3.ppl", "data { N: int }\nguide {\n  param m = 0.0\n  mu ~ Normal(m, 1)\n}\n");

  CompiledProgram a = compile_files(model, with_model);
  REQUIRE_FALSE(a.ok());
  CHECK(a.diagnostics[0].message ==
        "the guide file also has a model block; a guide file holds a guide only");
  CompiledProgram b = compile_files(model, disagrees);
  REQUIRE_FALSE(b.ok());
  CHECK(b.diagnostics[0].message.find("data entry 'N' is declared differently") == 0);
  CompiledProgram c = compile_files(model, fine);
  INFO(c.rendered_diagnostics());
  CHECK(c.ok());
  CompiledProgram missing = compile_files((dir / "nope.ppl").string(), std::nullopt);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.diagnostics[0].message == "cannot read the file (does it exist?)");
  // A directory or a device is refused, not read (/dev/zero would never end).
  CompiledProgram directory = compile_files(dir.string(), std::nullopt);
  REQUIRE_FALSE(directory.ok());
  CHECK(directory.diagnostics[0].message == "is a directory, not a file");
  CompiledProgram device = compile_files("/dev/zero", std::nullopt);
  REQUIRE_FALSE(device.ok());
  CHECK(device.diagnostics[0].message == "is not a regular file (a device or pipe is not read)");
  fs::remove_all(dir);
}
