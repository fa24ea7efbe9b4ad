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
    try {
      test::fit(p, spec, 0);
    } catch (const Error& error) {
      return std::string(error.what());
    }
    return std::string("no error");
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
