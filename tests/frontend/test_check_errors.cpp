// Ill-formed programs that parse: each must give exactly this message at this place.
#include "frontend_test_support.h"

#include <algorithm>

#include "core/error.h"
#include "frontend/foreign_names.h"
#include "ir/catalog.h"

using ppl::test::ExpectedError;

static const ExpectedError check_cases[] = {
    // names
    {"undefined_name_with_suggestion",
     "data { sigma: real }\nmodel {\n  y ~ Normal(0, sigmma)\n}\n", 3, 17,
     "undefined name 'sigmma'; did you mean 'sigma'?"},
    {"undefined_name_without_suggestion",
     "model {\n  y ~ Normal(0, zzz_unknown)\n}\n", 2, 17, "undefined name 'zzz_unknown'"},
    {"let_redefinition",
     "model {\n  let a = 1\n  let a = 2\n}\n", 3, 7,
     "'a' is already defined (a let value at 2:7)"},
    {"let_shadows_data",
     "data { N: int }\nmodel {\n  let N = 2\n}\n", 3, 7,
     "'N' is already defined (a data entry at 1:8)"},
    {"site_used_twice",
     "model {\n  x ~ Normal(0, 1)\n  x ~ Normal(0, 2)\n}\n", 3, 3,
     "site 'x' is already defined at 2:3; site names must be unique"},
    {"factor_named_like_site",
     "model {\n  x ~ Normal(0, 1)\n  factor x = 1.0\n}\n", 3, 10,
     "site 'x' is already defined at 2:3; site names must be unique"},
    {"site_named_like_plate",
     "data { N: int }\nmodel {\n  plate p in N {\n    p ~ Normal(0, 1)\n  }\n}\n", 4, 5,
     "site 'p' is already defined at 3:9; site names must be unique"},
    {"let_inside_plate_is_local",
     "data { N: int }\nmodel {\n  plate p in N {\n    let a = 1\n  }\n  x ~ Normal(a, 1)\n}\n", 6,
     14, "undefined name 'a'"},
    {"name_defined_in_one_branch_only",
     "model {\n  if true {\n    x ~ Normal(0, 1)\n  }\n  y ~ Normal(x, 1)\n}\n", 5, 14,
     "undefined name 'x'"},
    {"function_reads_data",
     "data { N: int }\nfn f(x) {\n  return x + N\n}\nmodel {\n  y ~ Normal(f(1.0), 1)\n}\n", 3, 14,
     "function 'f' reads the data entry 'N'; a function sees only its arguments"},
    {"function_local_named_like_data",
     "data { N: int }\nfn f(x) {\n  let N = 2\n  return x + N + M\n}\nmodel {\n  y ~ Normal(f(1.0), N)\n}\n",
     4, 18, "undefined name 'M'"},
    {"assign_to_let",
     "model {\n  let a = 1\n  a = 2\n}\n", 3, 3,
     "cannot assign to 'a': only the carry names of an enclosing scan can be reassigned"},
    {"assign_to_undefined",
     "model {\n  a ~ Normal(0, 1)\n  mu = 2 * a\n  x ~ Normal(mu, 1)\n}\n", 3, 3,
     "cannot assign to 'mu', which is not defined"},
    {"plate_used_as_value",
     "data { N: int  x: real[N] }\nmodel {\n  plate i in N {\n    z ~ Normal(x[i], 1)\n  }\n}\n", 4,
     18, "'i' names a plate, not a value: a plate's body runs once, over all of its rows together"},
    {"assign_to_misspelled_carry",
     "model {\n  scan t in 0:3 carry (level = 0.0) {\n    levl = level + 1\n  }\n}\n", 3, 5,
     "cannot assign to 'levl', which is not defined; did you mean 'level'?"},
    {"unknown_distribution_with_suggestion",
     "model {\n  x ~ Normall(0, 1)\n}\n", 2, 7,
     "unknown function or distribution 'Normall'; did you mean 'Normal'?"},
    {"stan_function_name",
     "model {\n  x ~ Normal(0, 1)\n  y ~ Normal(inv_logit(x), 1)\n}\n", 3, 14,
     "unknown function or distribution 'inv_logit'; did you mean 'sigmoid'?"},
    {"stan_constructor_name",
     "model {\n  x ~ Normal(rep_vector(0.0, 3), 1)\n}\n", 2, 14,
     "unknown function or distribution 'rep_vector'; did you mean 'full'?"},
    {"stan_distribution_name",
     "data { y: int }\nmodel {\n  y ~ neg_binomial_2(5.0, 2.0)\n}\n", 3, 7,
     "unknown function or distribution 'neg_binomial_2'; did you mean 'NegativeBinomial2'?"},
    {"lowercase_distribution",
     "model {\n  x ~ normal(0, 1)\n}\n", 2, 7,
     "unknown function or distribution 'normal'; did you mean 'Normal'?"},
    {"unknown_builtin",
     "model {\n  let a = expp(1)\n}\n", 2, 11,
     "unknown function or distribution 'expp'; did you mean 'exp'?"},
    {"calling_a_value",
     "model {\n  let a = 1\n  let b = a(2)\n}\n", 3, 11, "'a' is a let value, not a function"},
    {"function_used_without_call",
     "model {\n  let a = exp\n}\n", 2, 11, "'exp' is a function; call it with arguments: exp(...)"},
    {"bare_constraint_called",
     "guide {\n  param a: positive() = 1.0\n}\n", 2, 12, "'positive' is a constraint, not a function"},
    // data declarations
    {"unknown_data_type",
     "data { N: flaot }\nmodel {}\n", 1, 11,
     "unknown data type 'flaot'"},
    {"data_type_with_wrong_case",
     "data { N: Int }\nmodel {}\n", 1, 11, "unknown data type 'Int'; did you mean 'int'?"},
    {"data_shape_uses_undeclared_size",
     "data {\n  y: real[N]\n}\nmodel {}\n", 2, 11,
     "the shape of data entry 'y' uses 'N', which is not declared before it"},
    {"data_shape_uses_later_size",
     "data {\n  y: real[N]\n  N: int\n}\nmodel {}\n", 2, 11,
     "the shape of data entry 'y' uses 'N', which is not declared before it"},
    {"data_shape_uses_real_size",
     "data {\n  N: real\n  y: real[N]\n}\nmodel {}\n", 3, 11,
     "the shape of data entry 'y' uses 'N', which is real, not int"},
    {"data_shape_is_an_expression",
     "data {\n  N: int\n  y: real[N + 1]\n}\nmodel {}\n", 3, 11,
     "the shape of data entry 'y' must be integers or int data names"},
    // calls
    {"too_many_arguments",
     "model {\n  x ~ Normal(0, 1, 2)\n}\n", 2, 20,
     "Normal takes at most 2 arguments (loc, scale), but 3 were given"},
    {"unknown_argument_name",
     "model {\n  x ~ Normal(loc=0, sd=1)\n}\n", 2, 21,
     "Normal has no argument 'sd'"},
    {"misspelt_argument_name",
     "model {\n  x ~ Normal(loc=0, scael=1)\n}\n", 2, 21,
     "Normal has no argument 'scael'; did you mean 'scale'?"},
    {"missing_required_argument",
     "model {\n  x ~ Gamma(rate=1)\n}\n", 2, 7, "Gamma is missing its argument 'concentration'"},
    {"argument_given_twice",
     "model {\n  x ~ Normal(0, loc=1)\n}\n", 2, 17, "argument 'loc' of Normal is given twice"},
    {"positional_after_named",
     "model {\n  x ~ Normal(loc=0, 1)\n}\n", 2, 21,
     "positional argument after a named one in the call of Normal"},
    {"bernoulli_needs_probs_or_logits",
     "model {\n  x ~ Bernoulli()\n}\n", 2, 7,
     "Bernoulli takes exactly one of probs or logits, but none was given"},
    {"bernoulli_with_both_probs_and_logits",
     "model {\n  x ~ Bernoulli(probs=0.5, logits=0.0)\n}\n", 2, 7,
     "Bernoulli takes exactly one of probs or logits, but 2 were given"},
    {"user_function_wrong_arity",
     "fn f(a, b) {\n  return a + b\n}\nmodel {\n  let c = f(1)\n}\n", 5, 11,
     "function 'f' takes 2 arguments, but 1 was given"},
    {"user_function_named_argument",
     "fn f(a) {\n  return a\n}\nmodel {\n  let c = f(a=1)\n}\n", 5, 13,
     "function 'f' takes positional arguments only"},
    {"unknown_method",
     "model {\n  x ~ Normal(0, 1).to_evnt(1)\n}\n", 2, 20,
     "distributions have no method 'to_evnt'; did you mean 'to_event'?"},
    {"method_on_array",
     "model {\n  let a = [1, 2].to_event(1)\n}\n", 2, 18,
     "method 'to_event' needs a distribution on its left, found int[2]"},
    // placement
    {"param_inside_function",
     "fn f(a) {\n  param w = 1.0\n  return a\n}\nmodel {}\n", 2, 3,
     "param 'w' is declared outside a model or guide block"},
    {"sample_inside_function",
     "fn f(a) {\n  x ~ Normal(a, 1)\n  return a\n}\nmodel {}\n", 2, 3,
     "sample site 'x' inside function 'f'; functions compute values only"},
    {"return_outside_function",
     "model {\n  return 1\n}\n", 2, 3, "'return' outside a function"},
    {"function_without_return",
     "fn f(a) {\n  let b = a\n}\nmodel {}\n", 1, 4, "function 'f' does not end with 'return'"},
    {"recursive_function",
     "fn f(a) {\n  return f(a)\n}\nmodel {}\n", 2, 10,
     "function 'f' calls itself; recursion is not supported"},
    {"mutually_recursive_functions",
     "fn f(x) {\n  return g(x)\n}\nfn g(x) {\n  return f(x)\n}\nmodel {}\n", 2, 10,
     "function 'f' calls itself through 'g', which calls it back; recursion is not supported"},
    {"recursion_inside_a_branch",
     "fn f(x) {\n  if x > 0 {\n    let y = h(x)\n  }\n  return x\n}\nfn h(x) {\n  return f(x - 1)\n}\nmodel {}\n",
     3, 13,
     "function 'f' calls itself through 'h', which calls it back; recursion is not supported"},
    {"function_named_like_builtin",
     "fn exp(a) {\n  return a\n}\nmodel {}\n", 1, 4,
     "function 'exp' has the name of a built-in; choose another name"},
    {"random_initializer_outside_param",
     "model {\n  let w = init_normal([2, 2], 0.1)\n}\n", 2, 11,
     "'init_normal' draws random initial values and can only be a param's initial value"},
    {"indexed_site_without_data",
     "data { T: int }\nmodel {\n  scan t in 0:T {\n    y[t] ~ Normal(0, 1)\n  }\n}\n", 4, 5,
     "indexed site 'y[...]' observes data entry 'y', but no data entry 'y' is declared"},
    {"indexed_site_outside_loop",
     "data { y: real[3] }\nmodel {\n  y[0] ~ Normal(0, 1)\n}\n", 3, 3,
     "indexed site 'y[...]' is only allowed inside 'scan' or 'for'"},
    // types and shapes
    {"tilde_needs_distribution",
     "model {\n  x ~ 3.0\n}\n", 2, 7, "the right side of 'x ~' must be a distribution, found real"},
    {"param_constraint_must_be_constraint",
     "guide {\n  param a: 3 = 1.0\n}\n", 2, 12,
     "a param's constraint must be a constraint, found int"},
    {"distribution_in_arithmetic",
     "model {\n  let a = Normal(0, 1) + 1\n}\n", 2, 11,
     "an operand of '+' must be a number or an array, found a distribution"},
    {"too_many_indices_on_data",
     "data {\n  N: int\n  y: real[N]\n}\nmodel {\n  let a = y[0, 1]\n}\n", 6, 11,
     "too many indices for 'y': it is real[N] with 1 dimension, but 2 indices were given"},
    {"too_many_indices_on_scalar",
     "model {\n  let a = 1.0\n  let b = a[0]\n}\n", 3, 11,
     "too many indices for 'a': it is real with 0 dimensions, but 1 indices were given"},
    {"broadcast_known_sizes_clash",
     "model {\n  let a = [1.0, 2.0] + [1.0, 2.0, 3.0]\n}\n", 2, 11,
     "shapes do not broadcast in '+': real[2] and real[3]"},
    // NumPy's advanced indexing: T[0, :, [1, 2]] is [2, 3] (the broadcast
    // dims first, the advanced entries not being side by side), so @ [2] clashes.
    {"advanced_index_shape_is_numpys",
     "data {\n  T: real[2, 3, 4]\n}\nmodel {\n  let c = T[0, :, [1, 2]] @ ones([2])\n}\n", 5,
     11, "inner dimensions of '@' differ: real[2, 3] @ real[2]"},
    {"matmul_inner_sizes_clash",
     "data {\n  A: real[2, 3]\n  B: real[2, 3]\n}\nmodel {\n  let c = A @ B\n}\n", 6, 11,
     "inner dimensions of '@' differ: real[2, 3] @ real[2, 3]"},
    // strings and einsum's subscripts
    {"string_outside_einsum",
     "model {\n  let a = \"ij\"\n}\n", 2, 11,
     "a string can only be einsum's subscripts, as in einsum(\"ij,jk->ik\", a, b)"},
    {"einsum_without_subscripts",
     "data {\n  A: real[2, 3]\n}\nmodel {\n  let c = einsum(A, A)\n}\n", 5, 18,
     "'subscripts' of einsum must be a string written in the program, such as \"ij,jk->ik\""},
    {"einsum_operand_count",
     "data {\n  A: real[2, 3]\n}\nmodel {\n  let c = einsum('ij,jk->ik', A)\n}\n", 5, 18,
     "einsum: the subscripts name 2 operands, but 1 is given"},
    {"einsum_subscript_lengths_clash",
     "data {\n  A: real[2, 3]\n}\nmodel {\n  let c = einsum(\"ij,ij->i\", A, transpose(A))\n}\n",
     5, 18, "einsum: 'i' has length 3 in operand 2 but 2 in an earlier one"},
    {"einsum_rank_differs_from_subscripts",
     "data {\n  A: real[2, 3]\n}\nmodel {\n  let c = einsum(\"ijk\", A)\n}\n", 5, 18,
     "einsum: operand 1 is real[2, 3] but its subscripts 'ijk' name 3 axes"},
    {"einsum_output_letter_not_in_inputs",
     "data {\n  A: real[2, 3]\n}\nmodel {\n  let c = einsum(\"ij->k\", A)\n}\n", 5, 18,
     "einsum: the output's subscript 'k' is in no operand's subscripts"},
    {"einsum_subscript_not_a_letter",
     "data {\n  A: real[2, 3]\n}\nmodel {\n  let c = einsum(\"i1\", A)\n}\n", 5, 18,
     "einsum: '1' is not a subscript: use letters a-z and A-Z"},
    {"einsum_ellipsis_axes_need_ellipsis_in_output",
     "data {\n  N: int\n  X: real[N, 2]\n}\nmodel {\n  let c = einsum(\"...i->i\", X)\n}\n", 6, 18,
     "einsum: the operands' '...' stands for axes, so the output needs '...' too"},
    {"einsum_result_shape_is_checked",
     "data {\n  A: real[2, 3]\n}\nmodel {\n  let c = einsum(\"ij->ji\", A) + A\n}\n", 5, 11,
     "shapes do not broadcast in '+': real[3, 2] and real[2, 3]"},
    // model and guide
    {"model_latent_missing_in_guide",
     "model {\n  mu ~ Normal(0, 1)\n  tau ~ HalfNormal(1)\n}\nguide {\n  mu ~ Normal(0, 1)\n}\n", 3,
     3, "model latent site 'tau' is not sampled by the guide"},
};

TEST_CASE("ill-formed programs give one located message each") {
  for (const ExpectedError& c : check_cases) {
    SUBCASE(c.behaviour) { ppl::test::check_first_error(c); }
  }
}

TEST_CASE("a diagnostic carries its message id, file and place; the error type carries them all") {
  auto compiled = ppl::test::compile("model {\n  x ~ Normal(0, qqq)\n  y ~ Normall(0, 1)\n}\n");
  REQUIRE(compiled.diagnostics.size() == 2);
  CHECK(compiled.diagnostics[0].id == "undefined_name");
  CHECK(compiled.diagnostics[1].id == "unknown_callable");
  ppl::Error error(compiled.diagnostics);
  CHECK(error.id() == "undefined_name");
  REQUIRE(error.place().has_value());
  CHECK(error.place()->file == "test.ppl");
  CHECK(error.place()->location.line == 2);
  CHECK(error.place()->location.column == 17);
  CHECK(std::string(error.what()) ==
        "test.ppl:2:17: undefined name 'qqq'\ntest.ppl:3:7: unknown function or distribution "
        "'Normall'; did you mean 'Normal'?");
}

TEST_CASE("a run's error keeps its place and id apart from its message") {
  ppl::Error at_place(ppl::ErrorPlace{"m.ppl", {4, 9, 3, 0}}, "index 5 is out of range");
  CHECK(at_place.id() == ppl::kRunErrorId);
  CHECK(at_place.message() == "index 5 is out of range");
  CHECK(std::string(at_place.what()) == "at m.ppl:4:9: index 5 is out of range");
  ppl::Error wrapped = at_place.with_message("step 3: " + at_place.message());
  CHECK(wrapped.place()->location.line == 4);
  CHECK(wrapped.diagnostics().front().location.length == 3);
  CHECK(wrapped.message() == "step 3: index 5 is out of range");
  ppl::Error unplaced("no place", "some_id");
  CHECK_FALSE(unplaced.place().has_value());
  CHECK(unplaced.id() == "some_id");
}

TEST_CASE("every foreign name's ppl name is a function or distribution ppl knows") {
  const std::vector<std::string> known = ppl::ir::all_known_names();
  for (const auto& [foreign, ppl_name] : ppl::frontend::foreign_names()) {
    INFO(foreign << " -> " << ppl_name);
    CHECK(std::find(known.begin(), known.end(), ppl_name) != known.end());
    CHECK(std::find(known.begin(), known.end(), foreign) == known.end());
  }
}

TEST_CASE("the checker reports every error it finds, in source order") {
  auto compiled = ppl::test::compile(
      "model {\n  x ~ Normal(0, aa)\n  y ~ Normall(0, 1)\n  z ~ Normal(0, bb)\n}\n");
  REQUIRE(compiled.diagnostics.size() == 3);
  CHECK(compiled.diagnostics[0].location.line == 2);
  CHECK(compiled.diagnostics[1].location.line == 3);
  CHECK(compiled.diagnostics[2].location.line == 4);
}

TEST_CASE("a name defined in both branches of an if is visible after it") {
  auto compiled = ppl::test::compile(
      "model {\n  if true {\n    x ~ Normal(0, 1)\n  } else {\n    x ~ Normal(1, 1)\n  }\n"
      "  y ~ Normal(x, 1)\n}\n");
  CHECK(compiled.ok());
}

TEST_CASE("a plate may be entered again by name") {
  auto compiled = ppl::test::compile(
      "data { N: int }\nmodel {\n  plate i in N {\n    a ~ Normal(0, 1)\n  }\n"
      "  plate i in N {\n    b ~ Normal(a, 1)\n  }\n}\n");
  CHECK(compiled.ok());
}

TEST_CASE("a data entry nothing uses is a warning that names the likely site") {
  ppl::frontend::CompiledProgram compiled = ppl::test::compile(
      "data {\n  N: int\n  y: real[N]\n}\nmodel {\n  mu ~ Normal(0, 1)\n  plate i in N {\n"
      "    yy ~ Normal(mu, 1)\n  }\n}\n");
  REQUIRE(compiled.ok());
  REQUIRE(compiled.summary.warnings.size() == 1);
  const ppl::Diagnostic& w = compiled.summary.warnings.front();
  CHECK(w.severity == ppl::Severity::Warning);
  CHECK(w.location.line == 3);
  CHECK(w.message ==
        "data entry 'y' is used by no site, size or expression; its values never reach the model");
  REQUIRE(w.notes.size() == 1);
  CHECK(w.notes[0].find("'yy'") != std::string::npos);
  CHECK(compiled.rendered_warnings().find("test.ppl:3:3: warning:") != std::string::npos);
  // Used as a size, by a site of its name, or in an expression: no warning.
  CHECK(ppl::test::compile("data {\n  N: int\n  y: real[N]\n  s: real\n}\nmodel {\n  mu ~ Normal(0, s)\n"
                      "  plate i in N {\n    y ~ Normal(mu, 1)\n  }\n}\n")
            .summary.warnings.empty());
}
