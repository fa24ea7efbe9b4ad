#include "frontend/messages.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/closest_name.h"
#include "frontend/foreign_names.h"

namespace ppl::frontend::messages {
namespace {

// `id` is the name of the catalogue's function that builds the message.
Diagnostic error(const char* id, const std::string& file, Where at, std::string message,
                 std::vector<std::string> notes = {}) {
  return Diagnostic{Severity::Error, file, at, std::move(message), std::move(notes), id};
}

std::string did_you_mean(const Suggestion& suggestion) {
  return suggestion ? fmt::format("; did you mean '{}'?", *suggestion) : std::string();
}

std::string position(Where at) { return fmt::format("{}:{}", at.line, at.column); }

}  // namespace

Suggestion closest(const std::string& name, const std::vector<std::string>& candidates) {
  // Another tool's name for a ppl function or distribution (inv_logit).
  if (std::optional<std::string> ppl_name = ppl_name_for(name);
      ppl_name && std::find(candidates.begin(), candidates.end(), *ppl_name) != candidates.end())
    return ppl_name;
  return closest_name(name, candidates);
}

// ---- syntax ----
Diagnostic invalid_utf8(const std::string& file, Where at, unsigned char byte) {
  return error("invalid_utf8", file, at,
               fmt::format("the file is not valid UTF-8: byte 0x{:02X} here does not start or "
                           "continue a character",
                           byte),
               {"save the file as UTF-8 (comments may hold any UTF-8 text)"});
}

Diagnostic unexpected_character(const std::string& file, Where at, const std::string& text) {
  // A control character would print as nothing, or move the caret.
  if (text.size() == 1 && (static_cast<unsigned char>(text[0]) < 0x20 || text[0] == 0x7f))
    return error("unexpected_character", file, at,
                 fmt::format("unexpected control character U+{:04X}",
                             static_cast<unsigned>(static_cast<unsigned char>(text[0]))));
  return error("unexpected_character", file, at, fmt::format("unexpected character '{}'", text));
}

Diagnostic unterminated_string(const std::string& file, Where at) {
  return error("unterminated_string", file, at, "this string has no closing quote on its line");
}

Diagnostic unclosed_bracket(const std::string& file, Where open_at, const std::string& open,
                            const std::string& close) {
  return error("unclosed_bracket", file, open_at, fmt::format("'{}' is never closed", open),
               {fmt::format("expected a matching '{}' before the end of the file", close)});
}

Diagnostic mismatched_bracket(const std::string& file, Where at, const std::string& found,
                              const std::string& open, Where open_at, const std::string& close) {
  return error("mismatched_bracket", file, at,
               fmt::format("expected '{}' to close '{}' opened at {}, found '{}'", close, open,
                           position(open_at), found));
}

Diagnostic unmatched_closing_bracket(const std::string& file, Where at, const std::string& found) {
  return error("unmatched_closing_bracket", file, at, fmt::format("unmatched '{}': nothing before it is open", found));
}

Diagnostic unexpected_token(const std::string& file, Where at, const std::string& expected,
                            const std::string& found, std::vector<std::string> notes) {
  return error("unexpected_token", file, at, fmt::format("expected {}, found {}", expected, found), std::move(notes));
}

Diagnostic repeated_block(const std::string& file, Where at, const std::string& block,
                          Where first_at) {
  return error("repeated_block", file, at,
               fmt::format("a second '{}' block; a file has at most one, the first is at {}",
                           block, position(first_at)));
}

Diagnostic empty_program(const std::string& file) {
  return error("empty_program", file, Where{}, "the file has no model and no guide block");
}

// ---- names and scopes ----
Diagnostic undefined_name(const std::string& file, Where at, const std::string& name,
                          const Suggestion& suggestion) {
  return error("undefined_name", file, at, fmt::format("undefined name '{}'{}", name, did_you_mean(suggestion)));
}

Diagnostic redefinition(const std::string& file, Where at, const std::string& name,
                        const std::string& what_before, Where before) {
  return error("redefinition", file, at,
               fmt::format("'{}' is already defined ({} at {})", name, what_before,
                           position(before)),
               {"names cannot be redefined; choose a new name"});
}

Diagnostic duplicate_site(const std::string& file, Where at, const std::string& name,
                          Where before) {
  return error("duplicate_site", file, at,
               fmt::format("site '{}' is already defined at {}; site names must be unique", name,
                           position(before)));
}

Diagnostic unknown_callable(const std::string& file, Where at, const std::string& name,
                            const Suggestion& suggestion) {
  return error("unknown_callable", file, at,
               fmt::format("unknown function or distribution '{}'{}", name,
                           did_you_mean(suggestion)));
}

Diagnostic not_callable(const std::string& file, Where at, const std::string& name,
                        const std::string& what) {
  return error("not_callable", file, at, fmt::format("'{}' is {}, not a function", name, what));
}

Diagnostic function_shadows_builtin(const std::string& file, Where at, const std::string& name) {
  return error("function_shadows_builtin", file, at,
               fmt::format("function '{}' has the name of a built-in; choose another name", name));
}

Diagnostic recursive_function(const std::string& file, Where at, const std::string& name,
                              const std::vector<std::string>& through) {
  std::string cycle;
  for (const std::string& f : through) cycle += fmt::format("'{}', ", f);
  return error("recursive_function", file, at,
               through.empty()
                   ? fmt::format("function '{}' calls itself; recursion is not supported", name)
                   : fmt::format("function '{}' calls itself through {}which calls it back; "
                                 "recursion is not supported",
                                 name, cycle),
               {"write the repetition with 'for' or 'scan'"});
}

Diagnostic assign_to_non_carry(const std::string& file, Where at, const std::string& name) {
  return error("assign_to_non_carry", file, at,
               fmt::format("cannot assign to '{}': only the carry names of an enclosing scan can "
                           "be reassigned",
                           name),
               {"use 'let' to name a new value"});
}

Diagnostic plate_used_as_value(const std::string& file, Where at, const std::string& name) {
  return error("plate_used_as_value", file, at,
               fmt::format("'{}' names a plate, not a value: a plate's body runs once, over all "
                           "of its rows together",
                           name),
               {"inside the plate, use whole entries ('y ~ Normal(mu, 1)'); to step through "
                "rows one by one, write 'for i in 0:N'"});
}

Diagnostic assign_to_undefined(const std::string& file, Where at, const std::string& name,
                               const Suggestion& suggestion) {
  return error("assign_to_undefined", file, at,
               fmt::format("cannot assign to '{}', which is not defined{}", name,
                           did_you_mean(suggestion)),
               {fmt::format("use 'let {} = ...' to name a new value; only the carry names of an "
                            "enclosing scan can be reassigned",
                            name)});
}

Diagnostic unknown_data_type(const std::string& file, Where at, const std::string& type,
                             const Suggestion& suggestion) {
  return error("unknown_data_type", file, at,
               fmt::format("unknown data type '{}'{}", type, did_you_mean(suggestion)),
               {"data types are int, real and bool"});
}

Diagnostic data_size_undeclared(const std::string& file, Where at, const std::string& entry,
                                const std::string& size_name) {
  return error("data_size_undeclared", file, at,
               fmt::format("the shape of data entry '{}' uses '{}', which is not declared before it",
                           entry, size_name),
               {fmt::format("declare '{}: int' earlier in the data block", size_name)});
}

Diagnostic data_size_not_int(const std::string& file, Where at, const std::string& entry,
                             const std::string& size_name, const std::string& size_type) {
  return error("data_size_not_int", file, at,
               fmt::format("the shape of data entry '{}' uses '{}', which is {}, not int", entry,
                           size_name, size_type));
}

Diagnostic data_size_not_simple(const std::string& file, Where at, const std::string& entry) {
  return error("data_size_not_simple", file, at,
               fmt::format("the shape of data entry '{}' must be integers or int data names",
                           entry));
}

Diagnostic indexed_site_without_data(const std::string& file, Where at, const std::string& name) {
  return error("indexed_site_without_data", file, at,
               fmt::format("indexed site '{0}[...]' observes data entry '{0}', but no data entry "
                           "'{0}' is declared",
                           name),
               {fmt::format("declare it in the data block, e.g. '{}: real[T]?'", name)});
}

Diagnostic indexed_site_outside_loop(const std::string& file, Where at, const std::string& name) {
  return error("indexed_site_outside_loop", file, at,
               fmt::format("indexed site '{}[...]' is only allowed inside 'scan' or 'for'", name),
               {fmt::format("outside a loop, observe the whole entry with '{} ~ ...'", name)});
}

// ---- placement ----
Diagnostic param_outside_model_or_guide(const std::string& file, Where at, const std::string& name) {
  return error("param_outside_model_or_guide", file, at,
               fmt::format("param '{}' is declared outside a model or guide block", name),
               {"pass the value to the function as an argument instead"});
}

Diagnostic effect_inside_function(const std::string& file, Where at, const std::string& what,
                                  const std::string& function) {
  return error("effect_inside_function", file, at,
               fmt::format("{} inside function '{}'; functions compute values only", what,
                           function),
               {"write sites and params in the model or guide block"});
}

Diagnostic data_in_function(const std::string& file, Where at, const std::string& name,
                            const std::string& function) {
  return error("data_in_function", file, at,
               fmt::format("function '{}' reads the data entry '{}'; a function sees only its "
                           "arguments",
                           function, name),
               {fmt::format("pass '{}' as an argument: fn {}(..., {})", name, function, name)});
}

Diagnostic return_outside_function(const std::string& file, Where at) {
  return error("return_outside_function", file, at, "'return' outside a function");
}

Diagnostic missing_return(const std::string& file, Where at, const std::string& function) {
  return error("missing_return", file, at, fmt::format("function '{}' does not end with 'return'", function));
}

Diagnostic initializer_outside_param(const std::string& file, Where at, const std::string& name) {
  return error("initializer_outside_param", file, at,
               fmt::format("'{}' draws random initial values and can only be a param's initial "
                           "value",
                           name),
               {"to draw a random variable, write a sample site 'x ~ Normal(0, 1)'"});
}

Diagnostic nested_function_definition(const std::string& file, Where at) {
  return error("nested_function_definition", file, at, "functions can only be defined at the top level of a file");
}

// ---- calls ----
Diagnostic unused_data(const std::string& file, Where at, const std::string& name,
                       const Suggestion& site) {
  Diagnostic d{Severity::Warning, file, at,
               fmt::format("data entry '{}' is used by no site, size or expression; its values never "
                           "reach the model",
                           name),
               {},
               "unused_data"};
  if (site)
    d.notes.push_back(fmt::format("did you mean to name the site '{}' after it ('{} ~ ...' is "
                                  "observed by the data entry of its name)?",
                                  *site, name));
  return d;
}

Diagnostic arrays_as_list_and_arguments(const std::string& file, Where at, const std::string& callee) {
  return error("arrays_as_list_and_arguments", file, at,
               fmt::format("{} takes its arrays either as one list or as separate arguments, not both",
                           callee),
               {fmt::format("write {0}([a, b, c], axis=0) as in NumPy, or {0}(a, b, c, axis=0)", callee)});
}

Diagnostic too_many_arguments(const std::string& file, Where at, const std::string& callee,
                              size_t max, size_t given, const std::string& parameters) {
  return error("too_many_arguments", file, at,
               fmt::format("{} takes at most {} argument{} ({}), but {} {} given", callee, max,
                           max == 1 ? "" : "s", parameters, given, given == 1 ? "was" : "were"));
}

Diagnostic unknown_argument(const std::string& file, Where at, const std::string& callee,
                            const std::string& name, const Suggestion& suggestion,
                            const std::string& parameters) {
  return error("unknown_argument", file, at,
               fmt::format("{} has no argument '{}'{}", callee, name, did_you_mean(suggestion)),
               {fmt::format("its arguments are: {}", parameters)});
}

Diagnostic missing_argument(const std::string& file, Where at, const std::string& callee,
                            const std::string& parameter) {
  return error("missing_argument", file, at, fmt::format("{} is missing its argument '{}'", callee, parameter));
}

Diagnostic duplicate_argument(const std::string& file, Where at, const std::string& callee,
                              const std::string& name) {
  return error("duplicate_argument", file, at, fmt::format("argument '{}' of {} is given twice", name, callee));
}

Diagnostic positional_after_named(const std::string& file, Where at, const std::string& callee) {
  return error("positional_after_named", file, at,
               fmt::format("positional argument after a named one in the call of {}", callee));
}

Diagnostic exactly_one_of(const std::string& file, Where at, const std::string& callee,
                          const std::vector<std::string>& group, size_t given) {
  std::string names;
  for (size_t i = 0; i < group.size(); ++i) {
    if (i) names += i + 1 == group.size() ? " or " : ", ";
    names += group[i];
  }
  return error("exactly_one_of", file, at,
               fmt::format("{} takes exactly one of {}, but {} given", callee, names,
                           given == 0 ? std::string("none was") : fmt::format("{} were", given)));
}

Diagnostic user_function_arity(const std::string& file, Where at, const std::string& function,
                               size_t expected, size_t given) {
  return error("user_function_arity", file, at,
               fmt::format("function '{}' takes {} argument{}, but {} {} given", function,
                           expected, expected == 1 ? "" : "s", given, given == 1 ? "was" : "were"));
}

Diagnostic named_argument_to_user_function(const std::string& file, Where at,
                                           const std::string& function) {
  return error("named_argument_to_user_function", file, at,
               fmt::format("function '{}' takes positional arguments only", function));
}

Diagnostic unknown_method(const std::string& file, Where at, const std::string& method,
                          const Suggestion& suggestion) {
  return error("unknown_method", file, at,
               fmt::format("distributions have no method '{}'{}", method, did_you_mean(suggestion)),
               {"methods are expand, to_event, mask and log_prob"});
}

Diagnostic method_on_non_distribution(const std::string& file, Where at,
                                      const std::string& method, const std::string& found) {
  return error("method_on_non_distribution", file, at,
               fmt::format("method '{}' needs a distribution on its left, found {}", method, found),
               {"only distributions have methods; for arrays use functions like sum(x)"});
}

// ---- types and shapes ----
Diagnostic expected_distribution(const std::string& file, Where at, const std::string& context,
                                 const std::string& found) {
  return error("expected_distribution", file, at, fmt::format("{} must be a distribution, found {}", context, found));
}

Diagnostic bad_size_literal(const std::string& file, Where at, const std::string& what,
                            const std::string& text) {
  return error("bad_size_literal", file, at,
               fmt::format("{} is {}: a size must be a whole number from 0 to 2^53", what, text));
}

Diagnostic assign_distribution(const std::string& file, Where at, const std::string& name) {
  return error("assign_distribution", file, at,
               fmt::format("'{}' = a distribution: a sample site is written with '~'", name),
               {fmt::format("write '{} ~ ...' to draw '{}' from it", name, name)});
}

Diagnostic expected_constraint(const std::string& file, Where at, const std::string& found) {
  return error("expected_constraint", file, at,
               fmt::format("a param's constraint must be a constraint, found {}", found),
               {"for example positive, unit_interval, interval(0, 1), simplex"});
}

Diagnostic expected_number(const std::string& file, Where at, const std::string& context,
                           const std::string& found) {
  return error("expected_number", file, at, fmt::format("{} must be a number or an array, found {}", context, found));
}

Diagnostic mixed_list(const std::string& file, Where at, const std::string& listed,
                      const std::string& found) {
  return error("mixed_list", file, at,
               fmt::format("a list that starts with a {} holds only {}s, found a {}", listed,
                           listed, found),
               {"transforms are listed as [ExpTransform(), AffineTransform(0, 2)], Mixture's "
                "components as [Normal(0, 1), StudentT(3, 0, 1)]"});
}

Diagnostic string_not_subscripts(const std::string& file, Where at) {
  return error("string_not_subscripts", file, at,
               "a string can only be einsum's subscripts, as in einsum(\"ij,jk->ik\", a, b)");
}

Diagnostic text_argument_expected(const std::string& file, Where at, const std::string& callee,
                                  const std::string& param) {
  return error("text_argument_expected", file, at,
               fmt::format("'{}' of {} must be a string written in the program, such as "
                           "\"ij,jk->ik\"",
                           param, callee));
}

Diagnostic bad_einsum_subscripts(const std::string& file, Where at, const std::string& problem) {
  return error("bad_einsum_subscripts", file, at, fmt::format("einsum: {}", problem));
}

Diagnostic too_many_indices(const std::string& file, Where at, const std::string& name,
                            const std::string& type, int rank, size_t given) {
  return error("too_many_indices", file, at,
               fmt::format("too many indices for '{}': it is {} with {} dimension{}, but {} "
                           "indices were given",
                           name, type, rank, rank == 1 ? "" : "s", given));
}

Diagnostic two_ellipses(const std::string& file, Where at) {
  return error("two_ellipses", file, at, "an index can have only one '...'",
               {"'...' stands for every axis that no other index entry takes"});
}

Diagnostic broadcast_mismatch(const std::string& file, Where at, const std::string& op,
                              const std::string& left, const std::string& right) {
  return error("broadcast_mismatch", file, at,
               fmt::format("shapes do not broadcast in '{}': {} and {}", op, left, right),
               {"broadcasting aligns shapes on the right; each pair of sizes must be equal or 1"});
}

Diagnostic matmul_mismatch(const std::string& file, Where at, const std::string& left,
                           const std::string& right) {
  return error("matmul_mismatch", file, at,
               fmt::format("inner dimensions of '@' differ: {} @ {}", left, right));
}

Diagnostic function_used_as_value(const std::string& file, Where at, const std::string& name) {
  return error("function_used_as_value", file, at,
               fmt::format("'{0}' is a function; call it with arguments: {0}(...)", name));
}

Diagnostic expression_too_long(const std::string& file, Where at, int limit) {
  return error("expression_too_long", file, at, fmt::format("more than {} operators in one statement here", limit),
               {"split the expression with 'let'"});
}

Diagnostic nesting_too_deep(const std::string& file, Where at, int limit) {
  return error("nesting_too_deep", file, at,
               fmt::format("brackets are nested more than {} deep here", limit),
               {"split the expression with 'let'"});
}

// ---- model and guide ----
Diagnostic guide_file_without_guide(const std::string& file) {
  return error("guide_file_without_guide", file, Where{}, "the guide file has no guide block");
}

Diagnostic guide_file_with_model(const std::string& file, Where at) {
  return error("guide_file_with_model", file, at, "the guide file also has a model block; a guide file holds a guide only");
}

Diagnostic two_guides(const std::string& file, Where at, const std::string& model_file,
                      Where model_guide_at) {
  return error("two_guides", file, at,
               fmt::format("two guides: {} already has a guide block at {}; remove one of them",
                           model_file, position(model_guide_at)));
}

Diagnostic guide_data_not_in_model(const std::string& file, Where at, const std::string& name) {
  return error("guide_data_not_in_model", file, at,
               fmt::format("the guide file declares data entry '{}', which the model does not",
                           name));
}

Diagnostic guide_data_disagrees(const std::string& file, Where at, const std::string& name,
                                const std::string& model_file, Where model_at) {
  return error("guide_data_disagrees", file, at,
               fmt::format("data entry '{}' is declared differently here and in {} at {}", name,
                           model_file, position(model_at)));
}
Diagnostic guide_site_not_in_model(const std::string& file, Where at, const std::string& name,
                                   const Suggestion& suggestion) {
  return error("guide_site_not_in_model", file, at,
               fmt::format("guide site '{}' has no latent site of that name in the model{}", name,
                           did_you_mean(suggestion)));
}

Diagnostic model_latent_not_in_guide(const std::string& file, Where at, const std::string& name) {
  return error("model_latent_not_in_guide", file, at,
               fmt::format("model latent site '{}' is not sampled by the guide", name),
               {"every latent site of the model needs a site of the same name in the guide"});
}

}  // namespace ppl::frontend::messages
