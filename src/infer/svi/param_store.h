#pragma once
// Learnable parameters for SVI: each lives in unconstrained space (one flat
// vector, what the optimizers update) and reaches the program constrained
// through the bijection of its constraint.
//
// ParamHandler gives every `param` message its current value: a leaf of the
// tape, created once per evaluation and reused by every particle, mapped
// through the constraint's bijection. A param seen for the first time takes
// its initial value from the program (or from the autoguide that asks).
//   ParamStore store; ParamHandler params(store, tape);
//   { HandlerScope p(stack, params); run(); }  tape.backward(loss);
//   Eigen::VectorXd g = params.gradient();
#include <Eigen/Dense>
#include <map>
#include <unordered_map>
#include <memory>
#include <string>
#include <vector>

#include "dist/constraint.h"
#include "dist/transforms.h"
#include "handlers/handler.h"

namespace ppl::infer {

struct ParamEntry {
  std::string name;
  dist::Constraint constraint;
  dist::TransformPtr transform;
  Shape shape;              // constrained
  Shape unconstrained_shape;
  Eigen::Index offset = 0;  // into ParamStore::values()
  Eigen::Index size = 0;
};

class ParamStore {
 public:
  const ParamEntry* find(const std::string& name) const;
  // Registers a param from its constrained initial value; throws naming the
  // param when the value violates the constraint.
  const ParamEntry& add(const std::string& name, const dist::Constraint& constraint,
                        const Array& initial);
  Eigen::VectorXd& values() { return values_; }
  const Eigen::VectorXd& values() const { return values_; }
  const std::vector<ParamEntry>& entries() const { return entries_; }
  // The constrained value of a param at the current values.
  Array constrained(const ParamEntry& entry) const;

 private:
  std::vector<ParamEntry> entries_;
  std::unordered_map<std::string, size_t> index_;  // looked up at every step
  // Never cleared: the bounds of the params' constraints.
  std::shared_ptr<ad::Tape> bounds_tape_ = std::make_shared<ad::Tape>();
  Eigen::VectorXd values_;
};

class ParamHandler : public handlers::Handler {
 public:
  ParamHandler(ParamStore& store, ad::Tape& tape) : store_(store), tape_(tape) {}
  void process(runtime::Message& msg) override;
  // The constrained value of `name` on the tape, registering it with
  // `initial` when new (`initial` may be null for a param the store holds).
  ad::Var get(const std::string& name, const dist::Constraint& constraint, const Array* initial);
  // Whether the store holds the param (its initial value is then not read).
  bool has(const std::string& name) const { return store_.find(name) != nullptr; }
  // Forget this evaluation's leaves (call after tape.clear()).
  void reset() { leaves_.clear(); }
  // d loss / d unconstrained values after tape.backward(loss); zero for
  // params this evaluation did not use.
  Eigen::VectorXd gradient() const;
  // The leaves of this evaluation, by param name (unconstrained).
  const std::map<std::string, std::pair<ad::Var, ad::Var>>& leaves() const { return leaves_; }

 private:
  ParamStore& store_;
  ad::Tape& tape_;
  std::map<std::string, std::pair<ad::Var, ad::Var>> leaves_;  // name -> (unconstrained, constrained)
};

}  // namespace ppl::infer
