#pragma once
// A model as HMC sees it: a flat vector of unconstrained coordinates, mapped
// site by site through the bijection of each latent site's support (its
// LatentLayout), and the potential energy -(log joint + log |det J|) with its gradient, from one run
// of the model under substitute on a reusable tape.
#include <Eigen/Dense>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ad/compiled_tape.h"
#include "ad/tape.h"
#include "core/random_key.h"
#include "dist/transforms.h"
#include "infer/fast_path.h"
#include "infer/latent_layout.h"
#include "ir/ir.h"
#include "runtime/model_data.h"

namespace ppl::infer {

class ModelPotential {
 public:
  // Finds the latent sites from one run of the model under seed (`key`).
  // With `only_plate`, the potential counts only the sites inside that plate
  // and no log-Jacobian: a shard of infer/sharded_potential.h past the first.
  ModelPotential(const ir::Program& program, const runtime::ModelData& data, RandomKey key,
                 std::string only_plate = "");

  // Where each latent site lives in q. A model with subsampled plates has a
  // potential that changes with the minibatch, which HMC cannot use.
  const LatentLayout& layout() const { return layout_; }
  Eigen::Index dimension() const { return layout_.dimension(); }

  // Potential energy at q; gradient filled. +inf where the log density is not finite.
  // The model runs through the interpreter until its tape has been recorded
  // and replayed (ad/tape.h) to the same potential and gradient at a few
  // points; from then on the recorded tape is replayed. Scans are scored in
  // one pass over their steps (runtime/parallel_scan.cpp) once that has
  // matched the step-by-step potential and gradient at the first point of
  // finite density; otherwise step by step throughout. A recorded tape of
  // small values (at most CompiledTape::kMaxElements per node) is replayed
  // as a compiled program (ad/compiled_tape.h), verified the same way.
  double operator()(const Eigen::VectorXd& q, Eigen::VectorXd& gradient);
  bool scans_scored_in_parallel() const { return parallel_scans_.on(); }
  bool replays_tape() const { return replay_ == ReplayState::Active; }
  bool replays_compiled_tape() const { return replays_tape() && compiled_tape_.has_value(); }
  // The potential with scans scored in parallel where they qualify, or step
  // by step, whatever was decided.
  double evaluate(const Eigen::VectorXd& q, Eigen::VectorXd& gradient, bool parallel_scans);

  // Constrained values of every latent site, and of every deterministic site,
  // at q (row-major per site, in the layout's output_sites() order). A tape
  // recorded by the first call is replayed once it has given the
  // interpreter's values at three more points, as the potential's is.
  std::vector<std::vector<double>> constrained_values(const Eigen::VectorXd& q);
  bool replays_values() const { return values_checks_.on(); }

  // The unconstrained point of a prior draw (used to initialize), and the
  // names of the sites whose log density is not finite at q.
  Eigen::VectorXd unconstrained_prior_draw(RandomKey key);
  std::vector<std::string> non_finite_sites(const Eigen::VectorXd& q);
  // The mean of a latent site's distribution in a prior run, when it has a
  // closed form (not for sites inside scans).
  std::optional<Array> prior_mean(const std::string& site, RandomKey key);
  // q with the sites in `values` moved to those constrained values, each
  // unconstrained through the support it has there (the other sites at q).
  // Throws when a value lies outside its site's support.
  Eigen::VectorXd with_constrained_values(const Eigen::VectorXd& q,
                                          const std::map<std::string, Array>& values);

 private:
  const ir::Program& program_;
  const runtime::ModelData& data_;
  RandomKey key_;
  std::string only_plate_;
  ad::Tape tape_;
  LatentLayout layout_;
  FastPathDecision parallel_scans_;  // checked at the first point of finite density
  int scans_run_in_parallel_ = 0;  // by the last evaluation

  enum class ReplayState { Unrecorded, Verifying, Active, Off };
  ReplayState replay_ = ReplayState::Unrecorded;
  FastPathDecision replay_checks_{3};  // three points agree: the replay is kept
  ad::Tape replay_tape_;
  ad::Var replay_flat_, replay_energy_;
  std::optional<ad::CompiledTape> compiled_tape_;  // the replay tape compiled, where it compiles

  // constrained_values' replay: a traced run recorded with q as the leaf,
  // and the output sites' values on it.
  FastPathDecision values_checks_{3};
  ad::Tape values_tape_;
  ad::Var values_flat_;
  std::vector<ad::Var> values_outputs_;
  std::vector<std::vector<double>> interpreted_values(const Eigen::VectorXd& q);
  std::optional<std::vector<std::vector<double>>> replayed_values(const Eigen::VectorXd& q);
  void record_values(const Eigen::VectorXd& q);

  double replay_or_evaluate(const Eigen::VectorXd& q, Eigen::VectorXd& gradient);
  double replayed(const Eigen::VectorXd& q, Eigen::VectorXd& gradient);
  double evaluate(ad::Tape& tape, const Eigen::VectorXd& q, Eigen::VectorXd& gradient,
                  bool parallel_scans, ad::Var& flat, ad::Var& energy);
};

}  // namespace ppl::infer
