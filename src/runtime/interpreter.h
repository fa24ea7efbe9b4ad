#pragma once
// Runs a block of the IR on a tape, sending every effect (sample, param,
// deterministic, factor) through the handler stack. The interpreter knows no
// inference algorithm: what a site's value is, whether it is observed, how
// its log-probability counts, all come from the handlers.
#include <map>
#include <optional>
#include <string>

#include "ad/tape.h"
#include "handlers/handler.h"
#include "ir/ir.h"
#include "runtime/model_data.h"
#include "runtime/value.h"

namespace ppl::runtime {

// A problem while running a program: names the site or source location.
class RuntimeError : public Error {
 public:
  using Error::Error;
};

// A distribution's argument outside its domain (a negative scale): the
// density there is zero, which samplers treat as a rejected point.
class DomainError : public RuntimeError {
 public:
  using RuntimeError::RuntimeError;
};

class Interpreter {
 public:
  // `key` draws what is random outside sites: param initializers, subsample indices.
  Interpreter(const ir::Program& program, const ModelData& data, ad::Tape& tape,
              handlers::HandlerStack& stack, RandomKey key);

  void run_model();
  void run_guide();

  // When every latent site's value is known (a potential energy), a scan
  // whose carries are its own latent sites can be scored in one pass over
  // all steps: `latent_values` holds each site's value, stacked along time
  // for scan sites. Scans that do not qualify run step by step. The caller
  // checks the result against a step-by-step run (see parallel_scan.cpp).
  void score_scans_in_parallel(const std::map<std::string, ad::Var>& latent_values) {
    latent_values_ = &latent_values;
  }
  // How many scans this run scored in parallel.
  int scans_run_in_parallel() const { return scans_run_in_parallel_; }

  // The run carries draws or particles on dims left of the program's own
  // (a plate of them outside every program plate). Axes, indices and
  // reductions then skip those dims, using the ranks the program gives
  // their operands; where a rank is unknown the run stops with an error, so
  // that callers fall back to one draw at a time.
  void run_vectorized() { vectorized_ = true; }
  // The run keeps only `block` of its plate's minibatch, each site scaled as
  // the whole minibatch's.
  void keep_minibatch_block(const MinibatchBlock& block) { block_ = block; }

 private:
  struct Frame {
    std::vector<Value> slots;
    std::optional<Value> returned;
  };
  void run(const ir::Frame& frame);
  void execute(const ir::Body& body, Frame& frame);
  void execute(const ir::Stmt& stmt, Frame& frame);
  void sample(const ir::Stmt& stmt, Frame& frame);
  void param(const ir::Stmt& stmt, Frame& frame);
  void plate(const ir::Stmt& stmt, Frame& frame);
  void scan(const ir::Stmt& stmt, Frame& frame);
  bool scan_in_parallel(const ir::Stmt& stmt, Frame& frame);
  ad::Var observed_at_steps(ad::Var observed, ad::Var steps, const ir::Expr& index,
                            const std::string& site);
  void for_loop(const ir::Stmt& stmt, Frame& frame);

  Value evaluate(const ir::Expr& expr, Frame& frame);
  ad::Var number(const ir::Expr& expr, Frame& frame, const char* what);
  int64_t integer(const ir::Expr& expr, Frame& frame, const char* what);
  Value call_builtin(const ir::Expr& expr, Frame& frame);
  Value call_user(const ir::Expr& expr, Frame& frame);
  Value make_distribution(const ir::Expr& expr, Frame& frame);
  // With `summed`, a log_prob call's sum over everything (log_prob_sum).
  Value call_method(const ir::Expr& expr, Frame& frame, bool summed = false);
  Value make_constraint(const ir::Expr& expr, Frame& frame);
  Value make_transform(const ir::Expr& expr, Frame& frame);
  // An array literal whose first element (evaluated) is not a number: a list
  // of transforms or of distributions.
  Value list_of(const ir::Expr& expr, Value first, Frame& frame);
  Value index(const ir::Expr& expr, Frame& frame);
  std::string site_name(const ir::Stmt& stmt, Frame& frame);

  const ir::Program& program_;
  const ModelData& data_;
  ad::Tape& tape_;
  handlers::HandlerStack& stack_;
  RandomKey key_;
  std::vector<int64_t> scan_steps_;
  std::string current_param_;  // while its initial value is evaluated
  const ir::Frame* current_ = nullptr;
  const std::map<std::string, ad::Var>* latent_values_ = nullptr;
  bool in_parallel_scan_ = false;
  int scans_run_in_parallel_ = 0;
  bool vectorized_ = false;
  std::optional<MinibatchBlock> block_;
  // The file and position of a location in the program, for errors.
  ErrorPlace place(const SourceLocation& location) const;
  // Stops an observed site whose value does not fit its distribution's shapes.
  void check_observed_shape(const Message& msg) const;
  // Stops a site or factor whose batch dims reach left of every enclosing plate.
  void check_dims_within_plates(const Message& msg) const;
  // Dims left of the program's own on `operand`, the first argument of `e`.
  int leading_dims(const ir::Expr& e, const ad::Var& operand) const;
};

}  // namespace ppl::runtime
