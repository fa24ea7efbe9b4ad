// The whole documents ppl fit and ppl predict write (io/fit_documents), and
// predict's reader taking back what the fit wrote.
#include <doctest/doctest.h>

#include <cmath>

#include "io/fit_documents.h"
#include "io/fit_json.h"

using namespace ppl;

namespace {

std::vector<io::SiteDraws> two_chains_of_mu() { return {{"mu", {}, {{{1.0}, {2.0}}, {{3.0}, {4.0}}}}}; }

}  // namespace

TEST_CASE("an MCMC fit's document: settings, sampler per chain, timing, and how far an interrupted run came") {
  io::McmcRunRecord run;
  run.model = "m.ppl";
  run.data = "m.data.json";
  run.method = "nuts";
  run.chains = 2;
  run.warmup = 10;
  run.samples = 2;
  run.target_accept = 0.8;
  run.max_tree_depth = 10;
  run.seed = 7;
  run.sampler = {{0.5, 1, 0, 0.9, 100, 0.1, 0.2}, {0.4, 0, 2, 0.85, 120, 0.1, 0.3}};
  run.gradient_evaluations = 220;
  run.seconds_per_gradient = 1e-6;
  nlohmann::json fit = io::mcmc_fit_json(run, {}, two_chains_of_mu());
  CHECK(fit["method"] == "nuts");
  CHECK(fit["settings"]["chains"] == 2);
  CHECK(fit["settings"]["seed"] == 7);
  REQUIRE(fit["sampler"].size() == 2);
  CHECK(fit["sampler"][1]["chain"] == 2);
  CHECK(fit["sampler"][1]["max_tree_depth_hits"] == 2);
  CHECK(fit["sampler"][0]["divergences"] == 1);
  CHECK(fit["timing"]["gradient_evaluations"] == 220);
  CHECK(fit["complete"] == true);
  CHECK_FALSE(fit.contains("draws_per_chain"));
  // predict reads the draws back, chain after chain.
  std::vector<io::SiteValues> draws = io::read_fit_draws(fit);
  REQUIRE(draws.size() == 4);
  CHECK(draws[2].at("mu").item() == 3.0);

  run.complete = false;
  run.draws_per_chain = 1;
  run.chains_with_draws = 2;
  nlohmann::json cut = io::mcmc_fit_json(run, {}, two_chains_of_mu());
  CHECK(cut["complete"] == false);
  CHECK(cut["draws_per_chain"] == 1);
  CHECK(cut["chains_with_draws"] == 2);
}

TEST_CASE("an SVI fit's document: its ELBO (null when undefined), params, loss history and steps per second") {
  io::SviRunRecord run;
  run.guide = "auto_normal";
  run.elbo = "trace";
  run.steps = 4;
  run.final_elbo = -3.5;
  run.wall_seconds = 2.0;
  std::vector<io::FittedParam> params{{"mu_loc", "real", Array::full(ppl::Shape{}, 1.25)}};
  nlohmann::json fit = io::svi_fit_json(run, params, {4, 3, 2, 1}, {}, two_chains_of_mu());
  CHECK(fit["method"] == "svi");
  CHECK(fit["settings"]["guide"] == "auto_normal");
  CHECK(fit["elbo"].get<double>() == -3.5);
  CHECK(fit["timing"]["steps_per_second"].get<double>() == 2.0);
  CHECK(fit["loss_history"]["loss"].size() == 4);
  REQUIRE(io::read_fit_params(fit).has_value());
  CHECK(io::read_fit_params(fit)->at("mu_loc").item() == 1.25);
  CHECK_FALSE(fit.contains("steps_completed"));

  run.final_elbo = std::nan("");
  run.complete = false;
  run.steps_completed = 4;
  nlohmann::json cut = io::svi_fit_json(run, params, {4, 3, 2, 1}, {}, two_chains_of_mu());
  CHECK(cut["elbo"].is_null());
  CHECK(cut["steps_completed"] == 4);
}

TEST_CASE("predict's document says where its draws came from") {
  io::PredictRunRecord run;
  run.model = "m.ppl";
  run.seed = 3;
  nlohmann::json prior = io::predict_json(run, {}, two_chains_of_mu());
  CHECK(prior["posterior"].is_null());
  CHECK(prior["num_samples"] == 2);
  run.posterior = "fit.json";
  CHECK(io::predict_json(run, {}, two_chains_of_mu())["posterior"] == "fit.json");
}
