#pragma once
// Where each latent site of a model lives in the flat vector of
// unconstrained coordinates that HMC moves and autoguides parameterize: its
// shape, the bijection of its support, its offset and size. Found from one
// run of the model under seed; the sites that run through deterministic
// statements follow as outputs.
#include <Eigen/Dense>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ad/tape.h"
#include "core/random_key.h"
#include "dist/transforms.h"
#include "ir/ir.h"
#include "runtime/message.h"
#include "runtime/model_data.h"

namespace ppl::infer {

struct LatentSite {
  std::string name;
  Shape shape;               // constrained value (stacked along time for scan sites)
  int scan_rank = 0;         // its leading dims that are scan steps, one per enclosing scan
  Shape unconstrained_shape;
  dist::TransformPtr transform;
  int event_rank = 0;        // of the site's distribution
  // The subsampled plate the site lies in, if any: its name, its dim
  // (counted from the right of the event dims) and its full size; the
  // site's shape holds the minibatch.
  std::string subsampled_plate;
  int subsample_dim = 0;
  int64_t subsample_size = 0;
  std::vector<runtime::PlateFrame> plates;  // every plate it lies in, innermost last
  // Its support's bounds are computed from other latent values: its
  // bijection is built at the site in every run (handlers/unconstrain.h),
  // and `transform` holds only the first run's, for shapes.
  bool moving_support = false;
  Eigen::Index offset = 0;   // into the flat unconstrained vector
  Eigen::Index size = 0;
};

// A site reported with each draw: latent sites, then deterministic ones.
struct OutputSite {
  std::string name;
  Shape shape;
};

class LatentLayout {
 public:
  // Runs the model under seed (`key`; another key where a prior draw puts
  // an argument outside its domain). ppl::Error for a latent discrete site.
  LatentLayout(const ir::Program& program, const runtime::ModelData& data, RandomKey key);

  Eigen::Index dimension() const { return dimension_; }
  const std::vector<LatentSite>& sites() const { return sites_; }
  const std::vector<OutputSite>& output_sites() const { return outputs_; }
  // Plates that draw a minibatch ("i (3 of 6)").
  const std::vector<std::string>& subsampled_plates() const { return subsampled_plates_; }
  bool any_moving_support() const;

  // The latent sites' values at the unconstrained point `flat` on `tape`:
  // constrained values of the sites with fixed supports, and (in `moving`)
  // the unconstrained values of those whose support moves, for an
  // UnconstrainHandler; `log_jacobian` sums the former's log-Jacobians.
  struct PointValues {
    std::map<std::string, ad::Var> constrained, moving;
    ad::Var log_jacobian;
  };
  PointValues point_values(ad::Tape& tape, ad::Var flat) const;

 private:
  // Never cleared: the bounds of the sites' supports, which their
  // bijections keep for the layout's lifetime.
  std::shared_ptr<ad::Tape> bounds_tape_ = std::make_shared<ad::Tape>();
  std::vector<LatentSite> sites_;
  std::vector<OutputSite> outputs_;
  std::vector<std::string> subsampled_plates_;
  Eigen::Index dimension_ = 0;
};

}  // namespace ppl::infer
