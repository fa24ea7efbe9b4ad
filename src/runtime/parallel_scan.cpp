// Scoring a scan in one pass over all its steps.
//
// When every latent value is known in advance (the potential energy of HMC),
// the carry entering step t is the carry site's own value at step t - 1, so
// all carries are known before the scan runs. The body can then run once on
// arrays with a leading time dim: the step index is [low, ..., high - 1], each
// carry holds [init, x_0, ..., x_{T-2}], each sequence element is the whole
// sequence, and the carry's sample site receives its stacked value. A state
// space model of T steps becomes a handful of array operations instead of T
// runs of the body.
//
// Only scans whose carries are each written by one unobserved sample site at
// the top of the body qualify; nested scans, loops and params inside the body
// do not. Whether the body's arithmetic means the same thing with a leading
// time dim is not decided here: the caller compares a parallel run with a
// step-by-step run before relying on it (infer/model_potential.cpp).
#include <numeric>

#include "ad/ops.h"
#include "runtime/interpreter.h"
#include "runtime/run_messages.h"

namespace ppl::runtime {
namespace {

bool is_carry(const ir::Stmt& scan, ir::Slot slot) {
  for (const ir::SlotValue& carry : scan.carries)
    if (carry.slot == slot) return true;
  return false;
}

// False when `body` holds a statement the parallel pass cannot run, or
// writes a carry other than by a sample statement at the top of the scan.
bool body_qualifies(const ir::Stmt& scan, const ir::Body& body, bool top_level) {
  for (const ir::StmtPtr& stmt : body) {
    switch (stmt->kind) {
      case ir::StmtKind::Scan:
      case ir::StmtKind::For:
      case ir::StmtKind::Param:
      case ir::StmtKind::Return:
        return false;
      case ir::StmtKind::Sample:
        if (is_carry(scan, stmt->slot) && (!top_level || stmt->observed)) return false;
        break;
      case ir::StmtKind::Let:
      case ir::StmtKind::Deterministic:
        if (is_carry(scan, stmt->slot)) return false;
        break;
      default:
        break;
    }
    if (!body_qualifies(scan, stmt->body, false) || !body_qualifies(scan, stmt->else_body, false))
      return false;
  }
  return true;
}

// The sample statement writing each carry, in the carries' order; empty when
// some carry has none or more than one.
std::vector<const ir::Stmt*> carry_sites(const ir::Stmt& scan) {
  std::vector<const ir::Stmt*> sites;
  for (const ir::SlotValue& carry : scan.carries) {
    const ir::Stmt* writer = nullptr;
    for (const ir::StmtPtr& stmt : scan.body) {
      if (stmt->kind != ir::StmtKind::Sample || stmt->slot != carry.slot) continue;
      if (writer) return {};
      writer = stmt.get();
    }
    if (!writer) return {};
    sites.push_back(writer);
  }
  return sites;
}

}  // namespace

bool Interpreter::scan_in_parallel(const ir::Stmt& stmt, Frame& frame) {
  if (!latent_values_ || in_parallel_scan_ || !scan_steps_.empty()) return false;
  if (!body_qualifies(stmt, stmt.body, true)) return false;
  const std::vector<const ir::Stmt*> sites = carry_sites(stmt);
  if (sites.size() != stmt.carries.size()) return false;
  std::vector<ad::Var> stacked_carries;
  for (const ir::Stmt* site : sites) {
    if (site->observed_data >= 0 && data_.entries[site->observed_data]) return false;
    auto it = latent_values_->find(site->name);
    if (it == latent_values_->end()) return false;
    stacked_carries.push_back(it->second);
  }

  const int64_t low = integer(*stmt.low, frame, "a range start");
  const int64_t high = integer(*stmt.high, frame, "a range end");
  const int64_t steps = high - low;
  if (steps < 1) return false;
  for (const ad::Var& stacked : stacked_carries)
    if (stacked.shape().rank() == 0 || stacked.shape()[0] != steps) return false;

  // Carries: the initial value followed by every step's value but the last.
  std::vector<ad::Var> carry_values;
  for (size_t k = 0; k < stmt.carries.size(); ++k) {
    ad::Var init = number(*stmt.carries[k].value, frame, "a scan carry");
    const Shape& stacked = stacked_carries[k].shape();
    Shape step_shape(stacked.dims().subspan(1));
    if (init.shape() != step_shape) return false;
    std::vector<int64_t> leading{1};
    leading.insert(leading.end(), step_shape.dims().begin(), step_shape.dims().end());
    SliceRange previous{0, steps - 1};
    carry_values.push_back(
        ad::concat({ad::reshape(init, Shape(std::span<const int64_t>(leading))),
                    ad::slice(stacked_carries[k], std::span<const SliceRange>(&previous, 1))},
                   0));
  }
  std::vector<ad::Var> sequences;
  for (const ir::SlotValue& sequence : stmt.sequences) {
    ad::Var s = number(*sequence.value, frame, "a scan sequence");
    if (s.shape().rank() == 0 || s.shape()[0] < steps) return false;
    SliceRange used{0, steps};
    sequences.push_back(ad::slice(s, std::span<const SliceRange>(&used, 1)));
  }

  Eigen::ArrayXd step_indices(steps);
  std::iota(step_indices.begin(), step_indices.end(), static_cast<double>(low));
  frame.slots[stmt.index_slot] = tape_.constant(Array(Shape{steps}, step_indices));
  for (size_t k = 0; k < stmt.carries.size(); ++k) frame.slots[stmt.carries[k].slot] = carry_values[k];
  for (size_t k = 0; k < sequences.size(); ++k) frame.slots[stmt.sequences[k].slot] = sequences[k];
  in_parallel_scan_ = true;
  try {
    execute(stmt.body, frame);
  } catch (...) {
    in_parallel_scan_ = false;
    throw;
  }
  in_parallel_scan_ = false;

  for (const ir::StackedSite& site : stmt.stacked) {
    auto* value = std::get_if<ad::Var>(&frame.slots[site.step_slot]);
    if (!value) {
      const run_messages::RunMessage m = run_messages::site_missing_in_parallel_scan(site.name);
      throw RuntimeError(m.text, m.id);
    }
    ad::Var stacked = *value;
    if (stacked.shape().rank() == 0 || stacked.shape()[0] != steps) {
      // The same value at every step.
      std::vector<int64_t> dims{steps};
      dims.insert(dims.end(), stacked.shape().dims().begin(), stacked.shape().dims().end());
      stacked = stacked + tape_.constant(Array::zeros(Shape(std::span<const int64_t>(dims))));
    }
    frame.slots[site.stacked_slot] = stacked;
  }
  for (size_t k = 0; k < stmt.carries.size(); ++k)
    frame.slots[stmt.carries[k].slot] = ad::index(stacked_carries[k], steps - 1);
  ++scans_run_in_parallel_;
  return true;
}

}  // namespace ppl::runtime
