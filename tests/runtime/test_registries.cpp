// Each registry names every implementation once, and everything it names
// has an implementation, a test and a line in the docs: the catalogue of
// built-ins and the runtime's implementations, the distributions, the
// autoguides and the ELBO estimators.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "dist/registry.h"
#include "infer/elbo/elbo_estimator.h"
#include "infer/svi/autoguide.h"
#include "ir/catalog.h"
#include "runtime/builtins.h"

namespace {

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every file of a folder of the source tree, one after the other.
std::string read_folder(const std::string& folder) {
  std::string all;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(PPL_SOURCE_DIR) + "/" + folder))
    all += read(entry.path());
  return all;
}

std::string read_source(const std::string& file) { return read(std::string(PPL_SOURCE_DIR) + "/" + file); }

}  // namespace

TEST_CASE("every built-in of the catalogue carries its implementation") {
  for (const ppl::ir::FunctionSpec& spec : ppl::ir::functions()) {
    INFO(spec.name);
    CHECK(static_cast<bool>(spec.implementation));
    CHECK_FALSE(spec.summary.empty());
    CHECK(ppl::ir::find_function(spec.name) == &spec);
  }
  CHECK(ppl::ir::functions().size() > 40);
  CHECK(ppl::ir::find_function("Normal") == nullptr);
}

TEST_CASE("reductions and the built-ins that read axes say they count axes") {
  for (const char* name : {"sum", "logsumexp", "cumsum", "softmax", "reshape", "stack", "shape"}) {
    INFO(name);
    REQUIRE(ppl::ir::find_function(name) != nullptr);
    CHECK(ppl::ir::find_function(name)->counts_axes);
  }
  for (const char* name : {"exp", "pow", "where", "zeros", "cholesky"}) {
    INFO(name);
    CHECK_FALSE(ppl::ir::find_function(name)->counts_axes);
  }
}

TEST_CASE("the catalogue's distributions are the registry's, each with a builder, a test and docs") {
  const auto& registry = ppl::dist::distribution_registry();
  REQUIRE(registry.size() == ppl::ir::distributions().size());
  const std::string references = read_source("tests/dist/reference_values.md");
  const std::string tests = read_folder("tests/dist");
  const std::string docs = read_source("docs/language.md");
  for (const ppl::dist::DistributionEntry& entry : registry) {
    const std::string& name = entry.spec.name;
    INFO(name);
    CHECK(static_cast<bool>(entry.build));
    CHECK(ppl::ir::find_distribution(name) == &ppl::ir::distributions()[&entry - registry.data()]);
    CHECK_FALSE(entry.spec.summary.empty());
    // Reference values ({"Name", ...} or a parameterization {"NameProbs", ...})
    // or a test case of its own that checks it against a closed form.
    const bool reference_row = references.find("{\"" + name + "\"") != std::string::npos ||
                               references.find("{\"" + name + "Probs\"") != std::string::npos ||
                               references.find("{\"" + name + "Normal\"") != std::string::npos;
    const bool own_test = tests.find("TEST_CASE(\"" + name) != std::string::npos;
    CHECK((reference_row || own_test));
    CHECK(docs.find("`" + name + "`") != std::string::npos);
  }
  CHECK(ppl::dist::find_distribution_entry("Normal") == &registry.front());
  CHECK(ppl::dist::find_distribution_entry("Normall") == nullptr);
}

TEST_CASE("the autoguides and ELBO estimators: each makes itself by name, tested and documented") {
  const std::string tests = read_folder("tests/svi");
  const std::string docs = read_source("docs/inference.md");
  for (const ppl::infer::AutoGuideEntry& entry : ppl::infer::autoguides()) {
    INFO(entry.name);
    CHECK(ppl::infer::find_autoguide(entry.name) == &entry);
    CHECK(tests.find("\"" + entry.name + "\"") != std::string::npos);
    CHECK(docs.find("`" + entry.name + "`") != std::string::npos);
  }
  CHECK(ppl::infer::autoguide_names() ==
        "auto_normal, auto_diagonal_normal, auto_multivariate_normal, "
        "auto_lowrank_multivariate_normal, auto_laplace_approximation, auto_delta, "
        "auto_iaf_normal, auto_bnaf_normal, auto_dais, auto_surrogate_likelihood_dais, "
        "auto_semi_dais");
  for (const ppl::infer::ElboEntry& entry : ppl::infer::elbo_estimators()) {
    INFO(entry.name);
    const std::string spec = entry.argument.empty() ? entry.name : entry.name + ":0.5";
    CHECK(ppl::infer::make_elbo_estimator(spec)->name() == spec);
    CHECK(tests.find("\"" + (entry.argument.empty() ? entry.name : entry.name + ":")) != std::string::npos);
    CHECK(docs.find("`" + entry.name) != std::string::npos);
  }
  CHECK(ppl::infer::elbo_names() == "trace, meanfield, tracegraph or renyi:ALPHA");
  CHECK_THROWS_WITH(ppl::infer::make_elbo_estimator("tracee"),
                    "--elbo 'tracee': expected trace, meanfield, tracegraph or renyi:ALPHA");
  CHECK_THROWS_WITH(ppl::infer::make_elbo_estimator("renyi:abc"), "--elbo renyi:abc: alpha must be a number");
  CHECK_THROWS_WITH(ppl::infer::make_elbo_estimator("trace:1"), "--elbo trace:1: trace takes no argument");
}
