#pragma once
// The catalogue of every message the front end can give. Each function
// builds one diagnostic; wording lives here and nowhere else, so messages stay
// consistent and tests can name them.
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"

namespace ppl::frontend::messages {

using Where = SourceLocation;
using Suggestion = std::optional<std::string>;

// ---- syntax ----
Diagnostic unexpected_character(const std::string& file, Where at, const std::string& text);
Diagnostic unterminated_string(const std::string& file, Where at);
Diagnostic unclosed_bracket(const std::string& file, Where open_at, const std::string& open,
                            const std::string& close);
Diagnostic mismatched_bracket(const std::string& file, Where at, const std::string& found,
                              const std::string& open, Where open_at, const std::string& close);
Diagnostic unmatched_closing_bracket(const std::string& file, Where at, const std::string& found);
Diagnostic unexpected_token(const std::string& file, Where at, const std::string& expected,
                            const std::string& found, std::vector<std::string> notes);
Diagnostic repeated_block(const std::string& file, Where at, const std::string& block,
                          Where first_at);
Diagnostic empty_program(const std::string& file);
Diagnostic invalid_utf8(const std::string& file, Where at, unsigned char byte);
Diagnostic expression_too_long(const std::string& file, Where at, int limit);

// ---- names and scopes ----
Diagnostic undefined_name(const std::string& file, Where at, const std::string& name,
                          const Suggestion& suggestion);
Diagnostic redefinition(const std::string& file, Where at, const std::string& name,
                        const std::string& what_before, Where before);
Diagnostic duplicate_site(const std::string& file, Where at, const std::string& name,
                          Where before);
Diagnostic unknown_callable(const std::string& file, Where at, const std::string& name,
                            const Suggestion& suggestion);
Diagnostic not_callable(const std::string& file, Where at, const std::string& name,
                        const std::string& what);
Diagnostic function_shadows_builtin(const std::string& file, Where at, const std::string& name);
// `through`: the other functions of the cycle, in call order (empty: a direct call).
Diagnostic recursive_function(const std::string& file, Where at, const std::string& name,
                              const std::vector<std::string>& through);
Diagnostic assign_to_non_carry(const std::string& file, Where at, const std::string& name);
// A plate's name read as a value (Stan's loop index `y[i]` inside `plate i`).
Diagnostic plate_used_as_value(const std::string& file, Where at, const std::string& name);
// `name = expr` where nothing is called `name` (NumPyro's `mu = ...`).
Diagnostic assign_to_undefined(const std::string& file, Where at, const std::string& name,
                               const Suggestion& suggestion);
Diagnostic unknown_data_type(const std::string& file, Where at, const std::string& type,
                             const Suggestion& suggestion);
Diagnostic data_size_undeclared(const std::string& file, Where at, const std::string& entry,
                                const std::string& size_name);
Diagnostic data_size_not_int(const std::string& file, Where at, const std::string& entry,
                             const std::string& size_name, const std::string& size_type);
Diagnostic data_size_not_simple(const std::string& file, Where at, const std::string& entry);
Diagnostic indexed_site_without_data(const std::string& file, Where at, const std::string& name);
Diagnostic indexed_site_outside_loop(const std::string& file, Where at, const std::string& name);

// ---- placement ----
Diagnostic param_outside_model_or_guide(const std::string& file, Where at, const std::string& name);
Diagnostic effect_inside_function(const std::string& file, Where at, const std::string& what,
                                  const std::string& function);
Diagnostic data_in_function(const std::string& file, Where at, const std::string& name,
                            const std::string& function);
Diagnostic return_outside_function(const std::string& file, Where at);
Diagnostic missing_return(const std::string& file, Where at, const std::string& function);
Diagnostic initializer_outside_param(const std::string& file, Where at, const std::string& name);
Diagnostic nested_function_definition(const std::string& file, Where at);

// ---- calls ----
// A warning: a data entry no site, size or expression uses.
Diagnostic unused_data(const std::string& file, Where at, const std::string& name,
                       const Suggestion& site);
// stack([a, b], c): the arrays given both as a list and as more arguments.
Diagnostic arrays_as_list_and_arguments(const std::string& file, Where at, const std::string& callee);
Diagnostic too_many_arguments(const std::string& file, Where at, const std::string& callee,
                              size_t max, size_t given, const std::string& parameters);
Diagnostic unknown_argument(const std::string& file, Where at, const std::string& callee,
                            const std::string& name, const Suggestion& suggestion,
                            const std::string& parameters);
Diagnostic missing_argument(const std::string& file, Where at, const std::string& callee,
                            const std::string& parameter);
Diagnostic duplicate_argument(const std::string& file, Where at, const std::string& callee,
                              const std::string& name);
Diagnostic positional_after_named(const std::string& file, Where at, const std::string& callee);
Diagnostic exactly_one_of(const std::string& file, Where at, const std::string& callee,
                          const std::vector<std::string>& group, size_t given);
Diagnostic user_function_arity(const std::string& file, Where at, const std::string& function,
                               size_t expected, size_t given);
Diagnostic named_argument_to_user_function(const std::string& file, Where at,
                                           const std::string& function);
Diagnostic unknown_method(const std::string& file, Where at, const std::string& method,
                          const Suggestion& suggestion);
Diagnostic method_on_non_distribution(const std::string& file, Where at,
                                      const std::string& method, const std::string& found);

// ---- types and shapes ----
Diagnostic expected_distribution(const std::string& file, Where at, const std::string& context,
                                 const std::string& found);
Diagnostic bad_size_literal(const std::string& file, Where at, const std::string& what,
                            const std::string& text);
Diagnostic assign_distribution(const std::string& file, Where at, const std::string& name);
Diagnostic expected_constraint(const std::string& file, Where at, const std::string& found);
Diagnostic expected_number(const std::string& file, Where at, const std::string& context,
                           const std::string& found);
Diagnostic mixed_list(const std::string& file, Where at, const std::string& listed,
                      const std::string& found);
Diagnostic string_not_subscripts(const std::string& file, Where at);
Diagnostic text_argument_expected(const std::string& file, Where at, const std::string& callee,
                                  const std::string& param);
Diagnostic bad_einsum_subscripts(const std::string& file, Where at, const std::string& problem);
Diagnostic too_many_indices(const std::string& file, Where at, const std::string& name,
                            const std::string& type, int rank, size_t given);
Diagnostic two_ellipses(const std::string& file, Where at);
Diagnostic broadcast_mismatch(const std::string& file, Where at, const std::string& op,
                              const std::string& left, const std::string& right);
Diagnostic matmul_mismatch(const std::string& file, Where at, const std::string& left,
                           const std::string& right);

Diagnostic function_used_as_value(const std::string& file, Where at, const std::string& name);
Diagnostic nesting_too_deep(const std::string& file, Where at, int limit);

// ---- model and guide ----
Diagnostic guide_file_without_guide(const std::string& file);
Diagnostic guide_file_with_model(const std::string& file, Where at);
Diagnostic two_guides(const std::string& file, Where at, const std::string& model_file,
                      Where model_guide_at);
Diagnostic guide_data_not_in_model(const std::string& file, Where at, const std::string& name);
Diagnostic guide_data_disagrees(const std::string& file, Where at, const std::string& name,
                                const std::string& model_file, Where model_at);
Diagnostic guide_site_not_in_model(const std::string& file, Where at, const std::string& name,
                                   const Suggestion& suggestion);
Diagnostic model_latent_not_in_guide(const std::string& file, Where at, const std::string& name);

// For "did you mean": the ppl name among the candidates for another tool's
// name (Stan's inv_logit: sigmoid), else the closest candidate within a
// small edit distance.
Suggestion closest(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace ppl::frontend::messages
