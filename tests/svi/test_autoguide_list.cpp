// Autoguide lists (NumPyro's AutoGuideList): seed 003's example, a Delta for
// the coefficients of a logistic regression and a Normal for the rest, and
// the messages for lists that do not cover the model's sites once each.
#include <cmath>

#include "svi_test_support.h"

using namespace ppl;

namespace {

test::LoadedProgram logistic_regression() {
  return test::load_file("logistic_regression.ppl", "logistic_regression.data.json");
}

}  // namespace

TEST_CASE("seed 003's AutoGuideList: auto_delta for coefs, auto_normal for the rest") {
  auto p = logistic_regression();
  auto list =
      test::fit(p, "auto_delta[coefs] + auto_normal", 4000, "adam:0.02,exp:0.05:4000", {}, 1);
  for (const char* name : {"auto_loc.coefs", "auto_loc.intercept", "auto_scale.intercept"})
    CHECK(list->store.find(name) != nullptr);
  CHECK(list->store.find("auto_scale.coefs") == nullptr);
  CHECK(list->store.entries().size() == 3);
  // The Delta part maximizes over coefs while the Normal part averages over
  // the intercept; with 200 rows the intercept's posterior is narrow, so the
  // coefs land near the joint MAP of auto_delta over every site.
  auto map = test::fit(p, "auto_delta", 4000, "adam:0.02,exp:0.05:4000", {}, 2);
  const Array from_list = list->store.constrained(*list->store.find("auto_loc.coefs"));
  const Array from_map = map->store.constrained(*map->store.find("auto_loc.coefs"));
  for (int k = 0; k < 3; ++k) {
    CAPTURE(k);
    CHECK(std::abs(from_list.values()[k] - from_map.values()[k]) < 0.05);
  }
  CHECK(std::abs(list->param("auto_loc.intercept") - map->param("auto_loc.intercept")) < 0.1);
  CHECK(list->param("auto_scale.intercept") > 0.05);
  CHECK(list->param("auto_scale.intercept") < 0.4);
  CHECK(std::isfinite(list->final_elbo(100)));
}

TEST_CASE("two parts with one param vector each take different prefixes") {
  auto p = logistic_regression();
  auto f = test::fit(p, "auto_multivariate_normal[coefs] + auto_diagonal_normal", 10, "adam:0.01");
  CHECK(f->store.find("auto_scale_tril") != nullptr);
  CHECK(f->store.find("auto_part2_loc") != nullptr);
  CHECK(f->store.find("auto_part2_scale") != nullptr);
  const Array coefs_loc = f->store.constrained(*f->store.find("auto_loc"));
  CHECK(coefs_loc.size() == 3);
  CHECK(f->store.constrained(*f->store.find("auto_part2_loc")).size() == 1);
}

TEST_CASE("a list must cover every latent site once, with names the model has") {
  auto p = logistic_regression();
  const auto message_of = [&](const std::string& spec) {
    return test::error_message([&] { test::fit(p, spec, 0); });
  };
  CHECK(message_of("auto_delta[coefs]") ==
        "--guide 'auto_delta[coefs]': no part covers the latent site intercept; list it in a part "
        "or add a part without a list (e.g. + auto_normal)");
  CHECK(
      message_of("auto_delta[coefs] + auto_normal[coefs, intercept]") ==
      "--guide 'auto_delta[coefs] + auto_normal[coefs, intercept]': site 'coefs' is in two parts");
  CHECK(message_of("auto_delta[coef] + auto_normal") ==
        "--guide 'auto_delta[coef] + auto_normal': 'coef' is not a latent site of the model; did "
        "you mean 'coefs'?");
  CHECK(message_of("auto_delta + auto_normal") ==
        "--guide 'auto_delta + auto_normal': only one part may go without a list of sites (it "
        "covers the sites the others do not)");
  CHECK(message_of("auto_delt[coefs] + auto_normal").find("did you mean 'auto_delta'?") !=
        std::string::npos);
  CHECK(message_of("auto_laplace_approximation[coefs] + auto_normal")
            .find("cannot be one part of a list") != std::string::npos);
}

TEST_CASE("a guide program as one part of a list covers the sites it samples") {
  // Two independent conjugate sites: a's posterior is N(ya / 2, 1/2), b's
  // N(4 yb / 5, 1/5). The guide block guides a; auto_normal guides b.
  const std::string source = R"(
data {
  ya: real
  yb: real
}
model {
  a ~ Normal(0, 1)
  b ~ Normal(0, 1)
  ya ~ Normal(a, 1)
  yb ~ Normal(b, 0.5)
}
guide {
  param a_loc = 0.0
  param a_scale: positive = 1.0
  a ~ Normal(a_loc, a_scale)
}
)";
  frontend::CheckOptions partial;
  partial.guide_covers_every_latent = false;
  auto p = test::load(source, R"({"ya": 1.2, "yb": -0.8})", partial);
  RandomKey key(7);
  infer::ModelPotential potential(p.program, p.data, fold_in(key, "model"));
  const Eigen::VectorXd start = infer::initial_point(potential, infer::InitStrategy{}, key);
  infer::ProgramGuidePart part{std::make_unique<infer::ProgramGuide>(p.program, p.data), {"a"}};
  auto guide = infer::make_autoguide_list("guide + auto_normal", {potential.layout(), start, {}},
                                          std::move(part));
  infer::ParamStore store;
  infer::ElboObjective objective(p.program, p.data, *guide, store, {});
  objective.initialize(fold_in(key, "initialize"));
  auto optimizer = infer::parse_optimizer("adam:0.02,exp:0.05:6000");
  infer::run_svi(objective, store, *optimizer, 6000, fold_in(key, "svi"));
  const auto value = [&](const char* name) { return store.constrained(*store.find(name)).item(); };
  CHECK(store.entries().size() == 4);  // a_loc, a_scale, auto_loc.b, auto_scale.b
  // Tolerances: a few sd of the SVI noise at the final step size.
  CHECK(std::abs(value("a_loc") - 0.6) < 0.05);
  CHECK(std::abs(value("a_scale") - std::sqrt(0.5)) < 0.05);
  CHECK(std::abs(value("auto_loc.b") - (-0.64)) < 0.05);
  CHECK(std::abs(value("auto_scale.b") - std::sqrt(0.2)) < 0.04);

  // The guide block samples a only: auto_normal[a] would cover it twice, and
  // without a part for the rest b is uncovered.
  const auto message_of = [&](const std::string& spec) {
    return test::error_message([&] {
      infer::make_autoguide_list(
          spec, {potential.layout(), start, {}},
          infer::ProgramGuidePart{std::make_unique<infer::ProgramGuide>(p.program, p.data), {"a"}});
    });
  };
  CHECK(message_of("guide + auto_normal[a, b]") ==
        "--guide 'guide + auto_normal[a, b]': site 'a' is in two parts");
  CHECK(message_of("guide") ==
        "--guide 'guide': no part covers the latent site b; list it in a part or add a part "
        "without a list (e.g. + auto_normal)");
  CHECK(message_of("guide[a] + auto_normal") ==
        "--guide 'guide[a] + auto_normal': the guide program guide covers the sites it samples; "
        "it takes no list of sites");
  CHECK(message_of("guide + guide") ==
        "--guide 'guide + guide': at most one part may be a guide program");
}
