// InferenceData groups of a fit and of a prediction: dims named after
// plates, the pointwise log likelihood against the closed form, the data
// groups.
#include <cmath>
#include <numbers>

#include "infer/arviz_groups.h"
#include "runtime_test_support.h"

using namespace ppl;

namespace {

const io::InferenceDataGroup& group(const std::vector<io::InferenceDataGroup>& groups,
                                    const std::string& name) {
  for (const io::InferenceDataGroup& g : groups)
    if (g.name == name) return g;
  FAIL("no group " << name);
  return groups.front();
}

const io::InferenceDataVariable& variable(const io::InferenceDataGroup& g, const std::string& name) {
  for (const io::InferenceDataVariable& v : g.variables)
    if (v.name == name) return v;
  FAIL("no variable " << name << " in " << g.name);
  return g.variables.front();
}

// Two chains of two draws of eight schools' latent sites (theta is
// recomputed by the model; its draws here are placeholders).
std::vector<io::SiteDraws> eight_schools_draws() {
  std::vector<io::SiteDraws> sites{{"mu", {}, {}}, {"tau", {}, {}}, {"theta_raw", {8}, {}},
                                   {"theta", {8}, {}}};
  for (io::SiteDraws& site : sites) site.draws.assign(2, std::vector<std::vector<double>>(2));
  for (int c = 0; c < 2; ++c)
    for (int d = 0; d < 2; ++d) {
      sites[0].draws[c][d] = {1.0 + c + 0.5 * d};
      sites[1].draws[c][d] = {2.0 + d};
      std::vector<double> raw;
      for (int j = 0; j < 8; ++j) raw.push_back(0.1 * j - 0.3 * c + 0.2 * d);
      sites[2].draws[c][d] = raw;
      sites[3].draws[c][d] = std::vector<double>(8, 0.0);
    }
  return sites;
}

}  // namespace

TEST_CASE("a fit's InferenceData groups: plate-named dims, pointwise log likelihood, data") {
  const test::LoadedProgram p = test::load(test::model_source("eight_schools_noncentered.ppl"),
                                           test::model_source("eight_schools.data.json"));
  const std::vector<double> y{28, 8, -3, 7, -1, 1, 18, 12}, sigma{15, 10, 16, 11, 9, 11, 10, 18};
  const std::vector<io::SiteDraws> draws = eight_schools_draws();
  const std::vector<std::vector<io::CsvDrawStats>> no_sampler;
  const std::map<std::string, Array> no_params;
  const std::vector<io::SiteDraws> no_warmup;
  const auto groups = infer::fit_groups(
      p.program, p.data, {draws, no_sampler, no_params, no_warmup, no_sampler}, RandomKey(3));
  std::vector<std::string> names;
  for (const io::InferenceDataGroup& g : groups) names.push_back(g.name);
  CHECK(names == std::vector<std::string>{"posterior", "log_likelihood", "observed_data",
                                          "constant_data"});

  const io::InferenceDataVariable& raw = variable(group(groups, "posterior"), "theta_raw");
  CHECK(raw.dims == std::vector<std::string>{"chain", "draw", "school"});
  CHECK(raw.shape == std::vector<int64_t>{2, 2, 8});
  CHECK(raw.values[1 * 16 + 1 * 8 + 5] == doctest::Approx(0.5 - 0.3 + 0.2));
  // theta is computed outside the plate: its dim is its own.
  CHECK(variable(group(groups, "posterior"), "theta").dims ==
        std::vector<std::string>{"chain", "draw", "theta_dim_0"});

  // log N(y_j; mu + tau theta_raw_j, sigma_j) per chain, draw and school.
  const io::InferenceDataVariable& log_lik = variable(group(groups, "log_likelihood"), "y");
  CHECK(log_lik.dims == std::vector<std::string>{"chain", "draw", "school"});
  REQUIRE(log_lik.shape == std::vector<int64_t>{2, 2, 8});
  for (int c = 0; c < 2; ++c)
    for (int d = 0; d < 2; ++d)
      for (int j = 0; j < 8; ++j) {
        const double mu = draws[0].draws[c][d][0], tau = draws[1].draws[c][d][0];
        const double theta = mu + tau * draws[2].draws[c][d][j];
        const double z = (y[j] - theta) / sigma[j];
        const double expected = -0.5 * z * z - std::log(sigma[j]) - 0.5 * std::log(2 * std::numbers::pi);
        CHECK(log_lik.values[(c * 2 + d) * 8 + j] == doctest::Approx(expected).epsilon(1e-12));
      }

  const io::InferenceDataVariable& observed = variable(group(groups, "observed_data"), "y");
  CHECK(observed.dims == std::vector<std::string>{"school"});
  CHECK(observed.values == y);
  const io::InferenceDataGroup& constants = group(groups, "constant_data");
  CHECK(variable(constants, "J").type == io::InferenceDataVariable::Type::Integer);
  CHECK(variable(constants, "J").values == std::vector<double>{8});
  CHECK(variable(constants, "sigma").values == sigma);
  CHECK(variable(constants, "sigma").dims == std::vector<std::string>{"sigma_dim_0"});
}

TEST_CASE("a prediction's InferenceData groups: prior and prior_predictive, or posterior_predictive") {
  const test::LoadedProgram p = test::load(test::model_source("eight_schools_noncentered.ppl"),
                                           test::model_source("eight_schools.data.json"));
  std::vector<io::SiteDraws> draws = eight_schools_draws();
  draws.push_back({"y", {8}, std::vector<std::vector<std::vector<double>>>(
                                 2, std::vector<std::vector<double>>(2, std::vector<double>(8, 1.0)))});
  const auto prior = infer::predict_groups(p.program, p.data, draws, {"y"}, false, RandomKey(1));
  CHECK(group(prior, "prior").variables.size() == 4);
  CHECK(variable(group(prior, "prior_predictive"), "y").dims ==
        std::vector<std::string>{"chain", "draw", "school"});
  const auto posterior = infer::predict_groups(p.program, p.data, draws, {"y"}, true, RandomKey(1));
  std::vector<std::string> names;
  for (const io::InferenceDataGroup& g : posterior) names.push_back(g.name);
  CHECK(names == std::vector<std::string>{"posterior_predictive", "observed_data", "constant_data"});
}
