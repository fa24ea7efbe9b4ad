#include "runtime/run_messages.h"

#include <fmt/format.h>

namespace ppl::runtime::run_messages {

RunMessage not_a_single_integer(const char* what, const Shape& shape) {
  return {"not_a_single_integer",
          fmt::format("{} must be a single integer, got shape {}", what, shape.to_string())};
}

RunMessage not_an_integer(const char* what, double value) {
  return {"not_an_integer", fmt::format("{} must be an integer, got {}", what, value)};
}

RunMessage integer_too_large(const char* what, double value) {
  return {"integer_too_large", fmt::format("{} is too large: {}", what, value)};
}

RunMessage scale_not_single() {
  return {"scale_not_single", "a scale factor must be a single number"};
}

RunMessage if_condition_not_single(const Shape& shape) {
  return {"if_condition_not_single",
          fmt::format("the condition of 'if' must be a single value, got shape {}; use mask() or "
                      "where() for elementwise choices",
                      shape.to_string())};
}

RunMessage for_loop_too_long(double iterations, long long limit) {
  return {"for_loop_too_long",
          fmt::format("this for loop runs {:.0f} iterations, more than the {} a for loop may run; "
                      "a loop this long is written with array operations or a plate (which run "
                      "at once on arrays)",
                      iterations, limit)};
}

RunMessage no_block(const char* block) {
  return {"no_block", fmt::format("the program has no {} block", block)};
}

RunMessage expected_number(const char* what, const char* found) {
  return {"expected_number", fmt::format("{} must be a number or an array, found {}", what, found)};
}

RunMessage site_needs_distribution(const std::string& site, const char* found) {
  return {"site_needs_distribution",
          fmt::format("site '{}' needs a distribution, found {}", site, found)};
}

RunMessage method_needs_distribution(const std::string& method, const char* found) {
  return {"method_needs_distribution",
          fmt::format(".{} needs a distribution, found {}", method, found)};
}

RunMessage no_value_here(const std::string& name) {
  return {"no_value_here",
          fmt::format("'{}' has no value here (an optional data entry that is absent, or a name "
                      "set only in a branch not taken)",
                      name)};
}

RunMessage function_without_return(const std::string& function) {
  return {"function_without_return",
          fmt::format("function '{}' ended without returning a value", function)};
}

RunMessage mixed_list(const char* first, const char* found) {
  return {"mixed_list",
          fmt::format("a list that starts with {} holds only those, found {}", first, found)};
}

RunMessage array_element_not_number(const char* found) {
  return {"array_element_not_number",
          fmt::format("an array element must be a number or an array, found {}", found)};
}

RunMessage array_element_shapes(const Shape& first, const Shape& other) {
  return {"array_element_shapes", fmt::format("array elements have different shapes {} and {}",
                                              first.to_string(), other.to_string())};
}

RunMessage data_index_out_of_range(long long index, const std::string& site, const Shape& shape) {
  return {"data_index_out_of_range",
          fmt::format("index {} is out of range for data entry '{}' of shape {}", index, site,
                      shape.to_string())};
}

RunMessage observed_event_shape(const std::string& site, const Shape& value, const Shape& event) {
  return {"observed_event_shape",
          fmt::format("site '{}' is observed at a value of shape {}, which does not end with its "
                      "distribution's event shape {}",
                      site, value.to_string(), event.to_string())};
}

RunMessage observed_batch_shape(const std::string& site, const Shape& value,
                                const Shape& value_batch, const Shape& batch) {
  return {"observed_batch_shape",
          fmt::format("site '{}' is observed at a value of shape {}, whose batch shape {} does "
                      "not broadcast with its distribution's batch shape {}",
                      site, value.to_string(), value_batch.to_string(), batch.to_string())};
}

RunMessage observed_value_stretched(const std::string& site, const Shape& value_batch,
                                    const Shape& batch, int dim, long long copies) {
  return {"observed_value_stretched",
          fmt::format("site '{}' is observed at a value of batch shape {}, but its distribution's "
                      "batch shape is {}: along dim {}, which no plate declares, each observation "
                      "would be counted {} times; give the distribution the observation's shape "
                      "(an extra axis in its arguments?) or put the site in a plate of size {}",
                      site, value_batch.to_string(), batch.to_string(), dim, copies, copies)};
}

RunMessage plate_dim_length(const char* kind, const std::string& name, const Shape& batch,
                            const std::string& plate, long long elements, int dim) {
  return {"plate_dim_length",
          fmt::format("{} '{}' has batch shape {}, but plate '{}' puts {} elements at dim {}", kind,
                      name, batch.to_string(), plate, elements, dim)};
}

RunMessage dims_outside_plates(const char* kind, const std::string& name, const Shape& batch,
                               const std::string& plates, size_t plate_count, int outside) {
  const bool one = outside == 1;
  return {"dims_outside_plates",
          fmt::format("{} '{}' has batch shape {} inside plate{} {}: its {} leftmost dim{} lie{} "
                      "outside every plate and would be summed as if independent; reduce {} "
                      "explicitly (e.g. logsumexp(..., axis=0)) or put the statement in a plate "
                      "of that size",
                      kind, name, batch.to_string(), plate_count == 1 ? "" : "s", plates, outside,
                      one ? "" : "s", one ? "s" : "", one ? "it" : "them")};
}

RunMessage negative_plate_size(const std::string& plate, long long size) {
  return {"negative_plate_size", fmt::format("plate '{}' has a negative size {}", plate, size)};
}

RunMessage bad_subsample(const std::string& plate, long long subsample, long long size) {
  return {"bad_subsample",
          fmt::format("plate '{}' subsamples {} of {} elements", plate, subsample, size)};
}

RunMessage bad_chosen_minibatch(const std::string& plate, const std::string& why) {
  return {"bad_chosen_minibatch",
          fmt::format("the minibatch chosen for plate '{}' (--subsample): {}", plate, why)};
}

RunMessage scan_sequence_too_short(long long steps, const Shape& shape) {
  return {"scan_sequence_too_short",
          fmt::format("the scan runs {} steps but the sequence has shape {}", steps,
                      shape.to_string())};
}

RunMessage carry_shape_changed(const std::string& carry, const Shape& before, const Shape& after,
                               long long step) {
  return {"carry_shape_changed",
          fmt::format("the scan's carry '{}' has shape {} initially and {} after step {}; a carry "
                      "must keep its shape from step to step",
                      carry, before.to_string(), after.to_string(), step)};
}

RunMessage stacked_site_missing(const std::string& site, long long step) {
  return {"stacked_site_missing",
          fmt::format("site '{}' has no value at scan step {}", site, step)};
}

RunMessage site_missing_in_parallel_scan(const std::string& site) {
  return {"site_missing_in_parallel_scan",
          fmt::format("site '{}' has no value in a scan scored in parallel", site)};
}

RunMessage unknown_operand_rank() {
  return {"unknown_operand_rank",
          "the rank of this operand is not known before the run, so its axes cannot be told "
          "apart from vectorized draws"};
}

RunMessage rank_below_program(const Shape& shape, int rank) {
  return {"rank_below_program", fmt::format("a value of shape {} where the program gives rank {}",
                                            shape.to_string(), rank)};
}

namespace {

// "site 'x': cause", without naming the site twice when the cause already
// starts with it.
std::string site_text(const std::string& site, const std::string& cause) {
  const std::string prefix = fmt::format("site '{}'", site);
  if (cause.rfind(prefix, 0) == 0) return cause;
  return fmt::format("{}: {}", prefix, cause);
}

}  // namespace

RunMessage site_failed(const std::string& site, const std::string& cause) {
  return {"site_failed", site_text(site, cause)};
}

RunMessage site_arguments_out_of_domain(const std::string& site, const std::string& cause) {
  return {"arguments_out_of_domain", site_text(site, cause)};
}

RunMessage distribution_arguments_out_of_domain(const std::string& cause) {
  return {"arguments_out_of_domain", cause};
}

RunMessage distribution_failed(const std::string& cause) { return {"distribution_failed", cause}; }

RunMessage builtin_failed(const std::string& function, const std::string& cause) {
  return {"builtin_failed", fmt::format("{}: {}", function, cause)};
}

RunMessage method_failed(const std::string& method, const std::string& cause) {
  return {"method_failed", fmt::format(".{}: {}", method, cause)};
}

RunMessage transform_failed(const std::string& cause) { return {"transform_failed", cause}; }

RunMessage index_failed(const std::string& cause) { return {"index_failed", cause}; }

RunMessage operator_failed(const std::string& cause) { return {"operator_failed", cause}; }

}  // namespace ppl::runtime::run_messages
