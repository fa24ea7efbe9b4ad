#include "infer/svi/param_store.h"

#include <fmt/format.h>

#include "core/error.h"

namespace ppl::infer {

const ParamEntry* ParamStore::find(const std::string& name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : &entries_[it->second];
}

const ParamEntry& ParamStore::add(const std::string& name, const dist::Constraint& constraint,
                                  const Array& initial) {
  Array inside = constraint.check(initial);
  for (Eigen::Index i = 0; i < inside.size(); ++i)
    if (inside.values()[i] == 0)
      throw Error(fmt::format("param '{}': its initial value is outside its constraint {}", name,
                              constraint.to_string()));
  ParamEntry entry;
  entry.name = name;
  entry.constraint = constraint.copy_to(*bounds_tape_);
  entry.transform = dist::biject_to(entry.constraint);
  entry.shape = initial.shape();
  entry.unconstrained_shape = entry.transform->inverse_shape(initial.shape());
  Array u = entry.transform->inverse(initial);
  entry.offset = values_.size();
  entry.size = u.size();
  values_.conservativeResize(values_.size() + u.size());
  values_.segment(entry.offset, entry.size) = Eigen::Map<const Eigen::VectorXd>(u.data(), u.size());
  index_[name] = entries_.size();
  entries_.push_back(std::move(entry));
  return entries_.back();
}

Array ParamStore::constrained(const ParamEntry& entry) const {
  ad::Tape tape;
  Array u(entry.unconstrained_shape, values_.segment(entry.offset, entry.size).array());
  return entry.transform->forward(tape.constant(u)).value();
}

ad::Var ParamHandler::get(const std::string& name, const dist::Constraint& constraint,
                          const Array* initial) {
  auto it = leaves_.find(name);
  if (it != leaves_.end()) return it->second.second;
  const ParamEntry* entry = store_.find(name);
  if (!entry) {
    if (!initial) throw std::logic_error("param '" + name + "' is new but has no initial value");
    entry = &store_.add(name, constraint, *initial);
  }
  Array u(entry->unconstrained_shape,
          store_.values().segment(entry->offset, entry->size).array());
  ad::Var leaf = tape_.leaf(u);
  ad::Var value = entry->transform->forward(leaf);
  leaves_[name] = {leaf, value};
  return value;
}

void ParamHandler::process(runtime::Message& msg) {
  if (msg.kind != runtime::MessageKind::Param) return;
  dist::Constraint constraint = msg.constraint.value_or(dist::Constraint::of(dist::ConstraintKind::Real));
  msg.value = get(msg.name, constraint, msg.value ? &msg.value->value() : nullptr);
}

Eigen::VectorXd ParamHandler::gradient() const {
  Eigen::VectorXd g = Eigen::VectorXd::Zero(store_.values().size());
  for (const auto& [name, vars] : leaves_) {
    const ParamEntry* entry = store_.find(name);
    const Array& a = tape_.adjoint(vars.first);
    g.segment(entry->offset, entry->size) = Eigen::Map<const Eigen::VectorXd>(a.data(), a.size());
  }
  return g;
}

}  // namespace ppl::infer
