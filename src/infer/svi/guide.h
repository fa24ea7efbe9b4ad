#pragma once
// A guide as SVI sees it: one draw of the latent sites on a tape, as a trace
// whose sample sites carry q's distribution, value and log q. A user guide
// runs the program's guide block; an autoguide builds its sites from the
// model's latent sites.
#include <map>
#include <nlohmann/json.hpp>
#include <memory>
#include <optional>
#include <set>
#include <vector>
#include <string>

#include "core/random_key.h"
#include "handlers/trace.h"
#include "infer/svi/param_store.h"
#include "ir/ir.h"
#include "runtime/model_data.h"

namespace ppl::infer {

// The keys of `count` particles of one ELBO step: particle k's guide draws
// from guide_key(k), as draw() does for the k-th particle run one by one
// (infer/elbo/elbo.cpp).
struct ParticleKeys {
  RandomKey step;
  int count = 0;
  RandomKey guide_key(int k) const {
    return fold_in(fold_in(step, static_cast<std::uint64_t>(k)), "guide");
  }
};

class Guide {
 public:
  virtual ~Guide() = default;
  virtual std::string name() const = 0;
  // One draw; `seed` keys the guide's sample sites, `run_key` the program's
  // other randomness (subsample indices), shared with the model run.
  virtual handlers::Trace draw(ad::Tape& tape, RandomKey seed, RandomKey run_key,
                               ParamHandler& params) const = 0;
  // A user guide's trace is replayed into the model step by step (scan
  // sites); an autoguide's values, stacked over scans, are substituted.
  virtual bool replay_by_step() const = 0;
  // Draws for several particles at once, stacked along a particle dim at
  // `particle_dim` (counted from the right of each site's batch dims, or
  // of each step's after a scan site's scan dims: infer/draw_dim.h).
  // `draws_match_loop()` says whether the k-th particle's draws equal those
  // of draw() with keys.guide_key(k); when not, `given` (stacked values for the
  // guide's sample sites) lets a caller check the vectorized scoring on
  // known draws. nullopt when the guide cannot.
  virtual std::optional<handlers::Trace> draw_particles(
      ad::Tape& tape, const ParticleKeys& keys, RandomKey run_key, ParamHandler& params,
      int particle_dim, const std::map<std::string, ad::Var>* given = nullptr) const {
    return std::nullopt;
  }
  virtual bool draws_match_loop() const { return true; }
  // Latent sites whose guide value is unconstrained: the model's run maps it
  // through the bijection of the support the site has there, which may move
  // with other latent values (beta ~ Uniform(0, 1 - alpha)). With
  // `with_jacobian` the model's side gains log |det J| (q is a density over
  // the unconstrained value); without, the value is a point (MAP).
  struct UnconstrainedValues {
    std::set<std::string> sites;
    bool with_jacobian = true;
  };
  virtual UnconstrainedValues unconstrained_values() const { return {}; }
  // The sites whose guide side check_model_guide judges after the first
  // draw (supports, shapes, sites on one side only): all (nullopt) for a
  // guide program, none for an autoguide, whose sites follow the model's by
  // construction, and a guide program part's for a guide list.
  virtual std::optional<std::set<std::string>> sites_checked_against_model() const {
    if (replay_by_step()) return std::nullopt;
    return std::set<std::string>{};
  }
  // Called once the optimizer's steps are done, before the posterior draws:
  // a guide whose posterior is more than its fitted params (the Laplace
  // approximation's covariance) adds it to the store. Throws ppl::Error when
  // it cannot.
  virtual void after_fit(ParamStore& store, const ir::Program& program,
                         const runtime::ModelData& data) const {}
  // What the fitted guide is, for FIT.json's guide_posterior (NumPyro's
  // get_posterior and get_transform): the distribution in unconstrained space
  // and each site's bijection, naming the params that hold its arguments;
  // null for a guide program.
  virtual nlohmann::json posterior_description() const { return nullptr; }
};

// The guide block of a program.
class ProgramGuide : public Guide {
 public:
  ProgramGuide(const ir::Program& program, const runtime::ModelData& data)
      : program_(program), data_(data) {}
  std::string name() const override { return "guide"; }
  handlers::Trace draw(ad::Tape& tape, RandomKey seed, RandomKey run_key,
                       ParamHandler& params) const override;
  bool replay_by_step() const override { return true; }
  // The guide block under a particle plate: one key per site for all particles.
  std::optional<handlers::Trace> draw_particles(ad::Tape& tape, const ParticleKeys& keys,
                                                RandomKey run_key, ParamHandler& params,
                                                int particle_dim,
                                                const std::map<std::string, ad::Var>* given) const override;
  bool draws_match_loop() const override { return false; }
  const ir::Program& program() const { return program_; }
  const runtime::ModelData& data() const { return data_; }

 private:
  const ir::Program& program_;
  const runtime::ModelData& data_;
};

}  // namespace ppl::infer
