#pragma once
// Every message a run of a program gives, one function each, named by its
// id, as src/frontend/messages.h is for the checks before the run. A message
// is its id and its sentence; the interpreter adds the place.
#include <string>

#include "core/shape.h"

namespace ppl::runtime::run_messages {

struct RunMessage {
  std::string id;
  std::string text;
};

// ---- numbers the run reads as integers or sizes ----
RunMessage not_a_single_integer(const char* what, const Shape& shape);
RunMessage not_an_integer(const char* what, double value);
RunMessage integer_too_large(const char* what, double value);
RunMessage scale_not_single();
RunMessage if_condition_not_single(const Shape& shape);
RunMessage for_loop_too_long(double iterations, long long limit);

// ---- values of the wrong kind or absent ----
RunMessage no_block(const char* block);
RunMessage expected_number(const char* what, const char* found);
RunMessage site_needs_distribution(const std::string& site, const char* found);
RunMessage method_needs_distribution(const std::string& method, const char* found);
RunMessage no_value_here(const std::string& name);
RunMessage function_without_return(const std::string& function);
RunMessage mixed_list(const char* first, const char* found);
RunMessage array_element_not_number(const char* found);
RunMessage array_element_shapes(const Shape& first, const Shape& other);

// ---- sites, plates and scans ----
RunMessage data_index_out_of_range(long long index, const std::string& site, const Shape& shape);
RunMessage observed_event_shape(const std::string& site, const Shape& value, const Shape& event);
RunMessage observed_batch_shape(const std::string& site, const Shape& value,
                                const Shape& value_batch, const Shape& batch);
RunMessage observed_value_stretched(const std::string& site, const Shape& value_batch,
                                    const Shape& batch, int dim, long long copies);
RunMessage plate_dim_length(const char* kind, const std::string& name, const Shape& batch,
                            const std::string& plate, long long elements, int dim);
RunMessage dims_outside_plates(const char* kind, const std::string& name, const Shape& batch,
                               const std::string& plates, size_t plate_count, int outside);
RunMessage negative_plate_size(const std::string& plate, long long size);
RunMessage bad_subsample(const std::string& plate, long long subsample, long long size);
RunMessage bad_chosen_minibatch(const std::string& plate, const std::string& why);
RunMessage scan_sequence_too_short(long long steps, const Shape& shape);
RunMessage carry_shape_changed(const std::string& carry, const Shape& before, const Shape& after,
                               long long step);
RunMessage stacked_site_missing(const std::string& site, long long step);
RunMessage site_missing_in_parallel_scan(const std::string& site);
RunMessage unknown_operand_rank();
RunMessage rank_below_program(const Shape& shape, int rank);

// ---- a cause from a distribution, a built-in, a method, a transform or an index ----
// `cause` is the inner error's sentence.
RunMessage site_failed(const std::string& site, const std::string& cause);
RunMessage site_arguments_out_of_domain(const std::string& site, const std::string& cause);
RunMessage distribution_arguments_out_of_domain(const std::string& cause);
RunMessage distribution_failed(const std::string& cause);
RunMessage builtin_failed(const std::string& function, const std::string& cause);
RunMessage method_failed(const std::string& method, const std::string& cause);
RunMessage transform_failed(const std::string& cause);
RunMessage index_failed(const std::string& cause);
RunMessage operator_failed(const std::string& cause);

}  // namespace ppl::runtime::run_messages
