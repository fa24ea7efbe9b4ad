#include "runtime/interpreter.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <unordered_map>

#include "ad/ops.h"
#include "core/array_math.h"
#include "core/key_lineage.h"
#include "handlers/plate.h"
#include "handlers/scale_mask.h"
#include "functions/builtin_call.h"
#include "functions/registry.h"
#include "ir/catalog.h"
#include "runtime/builtins.h"
#include "runtime/indexing.h"
#include "runtime/distribution_calls.h"
#include "runtime/run_messages.h"

namespace ppl::runtime {
namespace {

namespace messages = run_messages;

// A message of the run's catalogue, at its place.
[[noreturn]] void fail(const ErrorPlace& where, const messages::RunMessage& message) {
  throw RuntimeError(where, message.text, message.id);
}
[[noreturn]] void fail_in_domain(const ErrorPlace& where, const messages::RunMessage& message) {
  throw DomainError(where, message.text, message.id);
}

const char* kind_of(const Value& v) {
  switch (v.index()) {
    case 0: return "nothing";
    case 1: return "a number";
    case 2: return "a distribution";
    case 3: return "a constraint";
    case 4: return "transforms";
    default: return "distributions";
  }
}

int64_t integer_of(const ad::Var& v, const ErrorPlace& where, const char* what) {
  v.tape().read_as_constant(v);
  if (v.value().size() != 1)
    fail(where, messages::not_a_single_integer(what, v.shape()));
  double x = v.item();
  if (!std::isfinite(x) || x != std::floor(x))
    fail(where, messages::not_an_integer(what, x));
  // Past 2^53 a double no longer holds every integer, and past 2^63 the
  // conversion would wrap.
  if (std::abs(x) > 9007199254740992.0)
    fail(where, messages::integer_too_large(what, x));
  return static_cast<int64_t>(x);
}

}  // namespace

Interpreter::Interpreter(const ir::Program& program, const ModelData& data, ad::Tape& tape,
                         handlers::HandlerStack& stack, RandomKey key)
    : program_(program), data_(data), tape_(tape), stack_(stack), key_(key) {}

void Interpreter::run_model() {
  if (!program_.model) {
    const messages::RunMessage m = messages::no_block("model");
    throw RuntimeError(m.text, m.id);
  }
  run(*program_.model);
}

void Interpreter::run_guide() {
  if (!program_.guide) {
    const messages::RunMessage m = messages::no_block("guide");
    throw RuntimeError(m.text, m.id);
  }
  run(*program_.guide);
}

void Interpreter::run(const ir::Frame& block) {
  Frame frame;
  frame.slots.resize(block.slot_names.size());
  for (size_t i = 0; i < block.data_slots.size(); ++i) {
    if (data_.entries[i]) frame.slots[block.data_slots[i]] = tape_.constant_view(*data_.entries[i]);
  }
  current_ = &block;
  execute(block.body, frame);
}

void Interpreter::execute(const ir::Body& body, Frame& frame) {
  for (const ir::StmtPtr& stmt : body) {
    execute(*stmt, frame);
    if (frame.returned) return;
  }
}

ad::Var Interpreter::number(const ir::Expr& expr, Frame& frame, const char* what) {
  Value v = evaluate(expr, frame);
  if (auto* var = std::get_if<ad::Var>(&v)) return *var;
  fail(place(expr.location), messages::expected_number(what, kind_of(v)));
}

std::string Interpreter::site_name(const ir::Stmt& stmt, Frame& frame) {
  std::string name = stmt.name;
  for (ir::Slot slot : stmt.for_loop_slots)
    name += fmt::format("[{}]", static_cast<int64_t>(std::get<ad::Var>(frame.slots[slot]).item()));
  return name;
}

void Interpreter::execute(const ir::Stmt& stmt, Frame& frame) {
  switch (stmt.kind) {
    case ir::StmtKind::Let:
      frame.slots[stmt.slot] = evaluate(*stmt.value, frame);
      return;
    case ir::StmtKind::Sample:
      sample(stmt, frame);
      return;
    case ir::StmtKind::Param:
      param(stmt, frame);
      return;
    case ir::StmtKind::Deterministic:
    case ir::StmtKind::Factor: {
      Message msg;
      msg.kind = stmt.kind == ir::StmtKind::Factor ? MessageKind::Factor : MessageKind::Deterministic;
      msg.name = site_name(stmt, frame);
      msg.location = stmt.location;
      msg.value = number(*stmt.value, frame,
                         stmt.kind == ir::StmtKind::Factor ? "a factor" : "a deterministic value");
      msg.scan_steps = scan_steps_;
      stack_.apply(msg);
      if (stmt.kind == ir::StmtKind::Factor) check_dims_within_plates(msg);
      if (stmt.kind == ir::StmtKind::Deterministic) frame.slots[stmt.slot] = *msg.value;
      return;
    }
    case ir::StmtKind::Plate:
      plate(stmt, frame);
      return;
    case ir::StmtKind::Scan:
      scan(stmt, frame);
      return;
    case ir::StmtKind::For:
      for_loop(stmt, frame);
      return;
    case ir::StmtKind::Mask: {
      handlers::MaskHandler mask(number(*stmt.value, frame, "a mask condition"));
      handlers::HandlerScope scope(stack_, mask);
      execute(stmt.body, frame);
      return;
    }
    case ir::StmtKind::Scale: {
      ad::Var factor = number(*stmt.value, frame, "a scale factor");
      if (factor.value().size() != 1)
        fail(place(stmt.location), messages::scale_not_single());
      handlers::ScaleHandler scale(factor.item());
      handlers::HandlerScope scope(stack_, scale);
      execute(stmt.body, frame);
      return;
    }
    case ir::StmtKind::If: {
      ad::Var condition = number(*stmt.value, frame, "the condition of 'if'");
      if (condition.value().size() != 1)
        fail(place(stmt.location), messages::if_condition_not_single(condition.shape()));
      tape_.read_as_constant(condition);
      execute(condition.item() != 0 ? stmt.body : stmt.else_body, frame);
      return;
    }
    case ir::StmtKind::Return:
      frame.returned = evaluate(*stmt.value, frame);
      return;
  }
}

void Interpreter::sample(const ir::Stmt& stmt, Frame& frame) {
  Value d = evaluate(*stmt.value, frame);
  auto* distribution = std::get_if<dist::DistributionPtr>(&d);
  if (!distribution)
    fail(place(stmt.location), messages::site_needs_distribution(stmt.name, kind_of(d)));
  Message msg;
  msg.kind = MessageKind::Sample;
  msg.name = site_name(stmt, frame);
  msg.location = stmt.location;
  msg.distribution = *distribution;
  msg.scan_steps = scan_steps_;
  if (stmt.observed) {
    msg.value = number(*stmt.observed, frame, "an observed value");
    msg.observed = true;
  } else if (stmt.observed_data >= 0 && data_.entries[stmt.observed_data]) {
    ad::Var observed = tape_.constant_view(*data_.entries[stmt.observed_data]);
    for (const ir::ExprPtr& index : stmt.site_indices) {
      ad::Var position = number(*index, frame, "an index");
      if (position.shape().rank() == 1 && index.get() == stmt.site_indices.front().get() &&
          in_parallel_scan_) {
        // A scan scored in one pass indexes the data by every step at once.
        observed = observed_at_steps(observed, position, *index, stmt.name);
        continue;
      }
      int64_t i = integer_of(position, place(index->location), "an index");
      if (i < 0) i += observed.shape()[0];
      if (i < 0 || i >= observed.shape()[0])
        fail(place(index->location),
             messages::data_index_out_of_range(i, stmt.name, observed.shape()));
      observed = ad::index(observed, i);
    }
    msg.value = observed;
    msg.observed = true;
  }
  try {
    stack_.apply(msg);
  } catch (const dist::ArgumentError& error) {
    fail_in_domain(place(stmt.location),
                   messages::site_arguments_out_of_domain(msg.name, error.message()));
  } catch (const RuntimeError&) {
    throw;
  } catch (const Error& error) {
    fail(place(stmt.location), messages::site_failed(msg.name, error.message()));
  }
  check_observed_shape(msg);
  check_dims_within_plates(msg);
  frame.slots[stmt.slot] = *msg.value;
}

void Interpreter::check_observed_shape(const Message& msg) const {
  // An observed value must end with the event shape and broadcast with the
  // batch shape; otherwise the site has no log density to speak of.
  if (!msg.observed || !msg.distribution || !msg.value || in_parallel_scan_) return;
  const Shape value = msg.value->shape();
  const Shape event = msg.distribution->event_shape();
  bool ends_with_event = value.rank() >= event.rank();
  for (int i = 1; ends_with_event && i <= event.rank(); ++i)
    ends_with_event = value[value.rank() - i] == event[event.rank() - i];
  if (!ends_with_event)
    fail(place(msg.location), messages::observed_event_shape(msg.name, value, event));
  Shape value_batch;
  for (int i = 0; i < value.rank() - event.rank(); ++i) value_batch.push_back(value[i]);
  Shape joint;
  try {
    joint = broadcast_shapes(value_batch, msg.distribution->batch_shape());
  } catch (const Error&) {
    fail(place(msg.location), messages::observed_batch_shape(msg.name, value, value_batch,
                                                             msg.distribution->batch_shape()));
  }
  // Each observation counts once: the value may be stretched only along a
  // plate's dim (vectorized draws and particles are plates too). Outside
  // plates, y [N] under Normal(mu[:, None], s) would count each y[j] N times.
  for (int k = 1; k <= joint.rank(); ++k) {
    const int64_t own = k <= value_batch.rank() ? value_batch[value_batch.rank() - k] : 1;
    const int64_t stretched = joint[joint.rank() - k];
    if (stretched == own) continue;
    const bool plate_dim = std::any_of(msg.plates.begin(), msg.plates.end(),
                                       [&](const runtime::PlateFrame& p) { return p.dim == -k; });
    if (!plate_dim)
      fail(place(msg.location),
           messages::observed_value_stretched(msg.name, value_batch,
                                              msg.distribution->batch_shape(), -k, stretched));
  }
}

void Interpreter::check_dims_within_plates(const Message& msg) const {
  // A term with batch dims left of every enclosing plate would be summed
  // over them as if they were independent data (a stack of mixture
  // components, say): almost always a missing reduction.
  if (msg.plates.empty() || in_parallel_scan_ || !msg.value) return;
  int plate_rank = 0;
  for (const runtime::PlateFrame& p : msg.plates) plate_rank = std::max(plate_rank, -p.dim);
  Shape batch = msg.value->shape();
  if (msg.distribution) {
    Shape value_batch;
    for (int i = 0; i < batch.rank() - msg.distribution->event_shape().rank(); ++i)
      value_batch.push_back(batch[i]);
    try {
      batch = broadcast_shapes(value_batch, msg.distribution->batch_shape());
    } catch (const Error&) {
      batch = value_batch;  // log_prob names the clash
    }
  }
  // Each plate's dim holds its size (or 1, broadcast along it): an
  // observed value of another length would be scored against the wrong plate.
  for (const runtime::PlateFrame& p : msg.plates) {
    int position = batch.rank() + p.dim;
    if (position < 0 || batch[position] == 1 || batch[position] == p.batch_size) continue;
    fail(place(msg.location),
         messages::plate_dim_length(msg.kind == MessageKind::Factor ? "factor" : "site", msg.name,
                                    batch, p.name, p.batch_size, p.dim));
  }
  if (batch.rank() <= plate_rank) return;
  std::vector<std::string> plates;
  for (const runtime::PlateFrame& p : msg.plates)
    if (p.name.empty() || p.name[0] != '_') plates.push_back(fmt::format("'{}' (dim {})", p.name, p.dim));
  fail(place(msg.location),
       messages::dims_outside_plates(msg.kind == MessageKind::Factor ? "factor" : "site",
                                     msg.name, batch, fmt::format("{}", fmt::join(plates, ", ")),
                                     plates.size(), batch.rank() - plate_rank));
}

ad::Var Interpreter::observed_at_steps(ad::Var observed, ad::Var steps, const ir::Expr& index,
                                       const std::string& site) {
  const int64_t length = observed.shape().rank() > 0 ? observed.shape()[0] : 0;
  for (double step : steps.value().values())
    if (step < 0 || step >= length)
      fail(place(index.location),
           messages::data_index_out_of_range(static_cast<long long>(step), site, observed.shape()));
  return ad::take(observed, steps.value(), 0);
}

int64_t Interpreter::integer(const ir::Expr& expr, Frame& frame, const char* what) {
  return integer_of(number(expr, frame, what), place(expr.location), what);
}

void Interpreter::param(const ir::Stmt& stmt, Frame& frame) {
  Message msg;
  msg.kind = MessageKind::Param;
  msg.name = site_name(stmt, frame);
  msg.location = stmt.location;
  current_param_ = msg.name;
  {
    // An initial value is read only for a param the store does not hold yet;
    // its draws do not reach the tape (infer/elbo/replayed_elbo.h).
    KeyLineage::Excuse initial_draws;
    msg.value = number(*stmt.value, frame, "a param's initial value");
  }
  current_param_.clear();
  if (stmt.constraint) {
    Value c = evaluate(*stmt.constraint, frame);
    msg.constraint = std::get<dist::Constraint>(c);
  }
  msg.scan_steps = scan_steps_;
  stack_.apply(msg);
  frame.slots[stmt.slot] = *msg.value;
}

void Interpreter::plate(const ir::Stmt& stmt, Frame& frame) {
  PlateFrame plate_frame;
  plate_frame.name = stmt.name;
  plate_frame.dim = stmt.dim;
  plate_frame.size = integer(*stmt.size, frame, "a plate size");
  if (plate_frame.size < 0)
    fail(place(stmt.location), messages::negative_plate_size(stmt.name, plate_frame.size));
  plate_frame.batch_size = plate_frame.size;
  if (stmt.subsample_size) {
    plate_frame.batch_size = integer(*stmt.subsample_size, frame, "a subsample size");
    if (plate_frame.batch_size < 1 || plate_frame.batch_size > plate_frame.size)
      fail(place(stmt.location),
           messages::bad_subsample(stmt.name, plate_frame.batch_size, plate_frame.size));
    Array indices = minibatch_indices(&data_, stmt.name, key_, plate_frame.size, plate_frame.batch_size);
    if (block_ && block_->plate == stmt.name) {
      if (block_->begin < 0 || block_->end > plate_frame.batch_size || block_->begin >= block_->end)
        throw Error(fmt::format("plate {}: positions {} to {} are not a block of its minibatch of {}",
                                stmt.name, block_->begin, block_->end - 1, plate_frame.batch_size));
      indices = Array(Shape{block_->end - block_->begin},
                      Eigen::ArrayXd(indices.values().segment(block_->begin, block_->end - block_->begin)));
      plate_frame.scale_batch_size = plate_frame.batch_size;
      plate_frame.batch_size = block_->end - block_->begin;
    }
    frame.slots[stmt.subsample_slot] = tape_.constant(indices);
  }
  handlers::PlateHandler handler(plate_frame);
  handlers::HandlerScope scope(stack_, handler);
  execute(stmt.body, frame);
}

void Interpreter::scan(const ir::Stmt& stmt, Frame& frame) {
  if (scan_in_parallel(stmt, frame)) return;
  int64_t low = integer(*stmt.low, frame, "a range start");
  int64_t high = integer(*stmt.high, frame, "a range end");
  for (const ir::SlotValue& carry : stmt.carries) frame.slots[carry.slot] = evaluate(*carry.value, frame);
  std::vector<ad::Var> sequences;
  for (const ir::SlotValue& sequence : stmt.sequences) {
    ad::Var s = number(*sequence.value, frame, "a scan sequence");
    if (s.shape().rank() == 0 || s.shape()[0] < high - low)
      fail(place(sequence.value->location), messages::scan_sequence_too_short(high - low, s.shape()));
    sequences.push_back(s);
  }
  std::vector<std::vector<ad::Var>> stacked(stmt.stacked.size());
  // A carry keeps its shape from step to step, as lax.scan requires: one
  // that grows or changes rank means a step's value was not what was meant.
  std::vector<std::optional<Shape>> carry_shapes;
  for (const ir::SlotValue& carry : stmt.carries) {
    const auto* v = std::get_if<ad::Var>(&frame.slots[carry.slot]);
    carry_shapes.push_back(v ? std::optional<Shape>(v->shape()) : std::nullopt);
  }
  for (int64_t t = low; t < high; ++t) {
    scan_steps_.push_back(t - low);
    frame.slots[stmt.index_slot] = tape_.constant(static_cast<double>(t));
    for (size_t k = 0; k < sequences.size(); ++k)
      frame.slots[stmt.sequences[k].slot] = ad::index(sequences[k], t - low);
    execute(stmt.body, frame);
    for (size_t k = 0; k < stmt.carries.size(); ++k) {
      const auto* v = std::get_if<ad::Var>(&frame.slots[stmt.carries[k].slot]);
      if (!v || !carry_shapes[k] || v->shape() == *carry_shapes[k]) continue;
      // With draws vectorized, a carry that starts without their dims (an
      // initial value from data or a constant) takes them at its first step.
      if (vectorized_ && t == low && v->shape().rank() > carry_shapes[k]->rank() &&
          broadcast_shapes(*carry_shapes[k], v->shape()) == v->shape()) {
        carry_shapes[k] = v->shape();
        continue;
      }
      const std::string& carry = current_ && stmt.carries[k].slot < static_cast<int>(current_->slot_names.size())
                                     ? current_->slot_names[stmt.carries[k].slot]
                                     : std::string("?");
      fail(place(stmt.carries[k].value->location),
           messages::carry_shape_changed(carry, *carry_shapes[k], v->shape(), t - low));
    }
    for (size_t k = 0; k < stmt.stacked.size(); ++k) {
      auto* value = std::get_if<ad::Var>(&frame.slots[stmt.stacked[k].step_slot]);
      if (!value)
        fail(place(stmt.location), messages::stacked_site_missing(stmt.stacked[k].name, t - low));
      stacked[k].push_back(*value);
    }
    scan_steps_.pop_back();
  }
  for (size_t k = 0; k < stmt.stacked.size(); ++k) {
    if (stacked[k].empty()) continue;
    // Time leads the program's dims; draws vectorized stay left of it.
    const int step_rank = stmt.stacked[k].step_rank;
    const int leading = vectorized_ && step_rank >= 0
                            ? std::max(0, stacked[k].front().shape().rank() - step_rank)
                            : 0;
    ad::Var value = ad::stack(std::span<const ad::Var>(stacked[k].data(), stacked[k].size()), leading);
    // The draws' dim keeps its place counted from the right: time takes the
    // place of a dim of 1 that lined the step's draws up with its batch.
    if (leading >= 2 && value.shape()[leading - 1] == 1) {
      Shape shape;
      for (int i = 0; i < value.shape().rank(); ++i)
        if (i != leading - 1) shape.push_back(value.shape()[i]);
      value = ad::reshape(value, shape);
    }
    frame.slots[stmt.stacked[k].stacked_slot] = value;
  }
}

void Interpreter::for_loop(const ir::Stmt& stmt, Frame& frame) {
  int64_t low = integer(*stmt.low, frame, "a range start");
  int64_t high = integer(*stmt.high, frame, "a range end");
  // Each iteration is interpreted (and its sites named) one by one: a loop
  // this long would run for hours and fill the memory with its trace.
  constexpr int64_t kMaxIterations = 1'000'000;
  const double iterations = static_cast<double>(high) - static_cast<double>(low);  // no overflow
  if (iterations > kMaxIterations)
    fail(place(stmt.location), messages::for_loop_too_long(iterations, kMaxIterations));
  for (int64_t t = low; t < high && !frame.returned; ++t) {
    frame.slots[stmt.index_slot] = tape_.constant(static_cast<double>(t));
    execute(stmt.body, frame);
  }
}

Value Interpreter::evaluate(const ir::Expr& e, Frame& frame) {
  switch (e.op) {
    case ir::ExprOp::Constant:
      return tape_.constant(e.constant);
    case ir::ExprOp::Load: {
      const Value& v = frame.slots[e.slot];
      if (std::holds_alternative<std::monostate>(v))
        fail(place(e.location), messages::no_value_here(e.name));
      return v;
    }
    case ir::ExprOp::Array: {
      // [t1, t2]: transforms applied first to last (NumPyro's ComposeTransform);
      // [d1, d2]: a list of distributions (Mixture's components).
      if (e.args.empty()) return tape_.constant(Array(Shape{0}, Eigen::ArrayXd()));
      Value first = evaluate(*e.args[0], frame);
      if (!is_number(first)) return list_of(e, std::move(first), frame);
      std::vector<ad::Var> elements{std::get<ad::Var>(first)};
      for (size_t i = 1; i < e.args.size(); ++i)
        elements.push_back(number(*e.args[i], frame, "an array element"));
      for (const ad::Var& element : elements)
        if (!(element.shape() == elements[0].shape()))
          fail(place(e.location), messages::array_element_shapes(elements[0].shape(), element.shape()));
      return ad::stack(std::span<const ad::Var>(elements.data(), elements.size()), 0);
    }
    case ir::ExprOp::Unary: {
      ad::Var x = number(*e.args[0], frame, "an operand");
      if (e.unary_op == ir::UnaryOp::Negate) return -x;
      return tape_.constant(logical_not(x.value()));
    }
    case ir::ExprOp::Binary: {
      ad::Var a = number(*e.args[0], frame, "an operand");
      ad::Var b = number(*e.args[1], frame, "an operand");
      try {
        return binary_operation(e.binary_op, a, b);
      } catch (const Error& error) {
        fail(place(e.location), messages::operator_failed(error.message()));
      }
    }
    case ir::ExprOp::Builtin:
      return call_builtin(e, frame);
    case ir::ExprOp::UserCall:
      return call_user(e, frame);
    case ir::ExprOp::Distribution:
      return make_distribution(e, frame);
    case ir::ExprOp::Method:
      return call_method(e, frame);
    case ir::ExprOp::Constraint:
      return make_constraint(e, frame);
    case ir::ExprOp::Transform:
      return make_transform(e, frame);
    case ir::ExprOp::Index:
      return index(e, frame);
  }
  throw std::logic_error("the interpreter met an expression it does not know");
}

Value Interpreter::call_builtin(const ir::Expr& e, Frame& frame) {
  // sum(d.log_prob(x)) over everything is d's summed log density
  // (Distribution::log_prob_sum): one fused pass over x, without the array
  // of densities or its adjoint. Not in a vectorized run, whose sum keeps
  // the leading dims apart.
  static const ir::FunctionSpec* const sum = functions::find_builtin("sum");
  static const ir::MethodSpec* const log_prob = ir::find_distribution_method("log_prob");
  if (!vectorized_ && e.function == sum && !e.args.empty() && e.args[0] &&
      (e.args.size() < 2 || !e.args[1]) && e.args[0]->op == ir::ExprOp::Method &&
      e.args[0]->method == log_prob && e.args[0]->args.size() > 1 && e.args[0]->args[1])
    return call_method(*e.args[0], frame, /*summed=*/true);
  std::vector<std::optional<ad::Var>> args;
  for (const ir::ExprPtr& arg : e.args) {
    if (arg) args.push_back(number(*arg, frame, "an argument"));
    else args.emplace_back();
  }
  try {
    functions::BuiltinContext context{tape_, fold_in(fold_in(key_, "param init"), current_param_)};
    if (vectorized_ && args[0] && e.function->counts_axes) {
      context.leading_dims = leading_dims(e, *args[0]);
      context.operand_rank = e.operand_rank;
    }
    if (vectorized_) context.argument_ranks = e.argument_ranks;
    return e.function->implementation(functions::BuiltinCall{args, context, e.text});
  } catch (const Error& error) {
    fail(place(e.location), messages::builtin_failed(e.function->name, error.message()));
  }
}

Value Interpreter::call_user(const ir::Expr& e, Frame& frame) {
  const ir::Function& fn = program_.functions[e.user_function];
  Frame callee;
  callee.slots.resize(fn.frame.slot_names.size());
  for (size_t i = 0; i < fn.parameters.size(); ++i) callee.slots[fn.parameters[i]] = evaluate(*e.args[i], frame);
  execute(fn.frame.body, callee);
  if (!callee.returned)
    fail(place(e.location), messages::function_without_return(fn.name));
  return *callee.returned;
}

Value Interpreter::make_distribution(const ir::Expr& e, Frame& frame) {
  dist::Arguments args(e.args.size());
  for (size_t i = 0; i < e.args.size(); ++i) {
    if (!e.args[i]) continue;
    dist::Argument& argument = args[i];
    Value v = evaluate(*e.args[i], frame);
    if (auto* x = std::get_if<ad::Var>(&v)) argument.number = *x;
    else if (auto* d = std::get_if<dist::DistributionPtr>(&v)) argument.distribution = std::move(*d);
    else if (auto* c = std::get_if<dist::Constraint>(&v)) argument.constraint = std::move(*c);
    else if (auto* t = std::get_if<TransformList>(&v)) argument.transforms = std::move(*t);
    else if (auto* l = std::get_if<DistributionList>(&v)) argument.distributions = std::move(*l);
  }
  // Catalogue entries live as long as the program: their builders are
  // looked up by name once per thread.
  thread_local std::unordered_map<const ir::DistributionSpec*, dist::Builder> builders;
  auto [it, inserted] = builders.try_emplace(e.distribution, nullptr);
  if (inserted) it->second = dist::find_builder(e.distribution->name);
  try {
    if (!it->second) return dist::make_distribution(e.distribution->name, args);  // its message
    return it->second(args);
  } catch (const dist::ArgumentError& error) {
    fail_in_domain(place(e.location), messages::distribution_arguments_out_of_domain(error.message()));
  } catch (const Error& error) {
    fail(place(e.location), messages::distribution_failed(error.message()));
  }
}

Value Interpreter::call_method(const ir::Expr& e, Frame& frame, bool summed) {
  Value receiver = evaluate(*e.args[0], frame);
  auto* d = std::get_if<dist::DistributionPtr>(&receiver);
  if (!d)
    fail(place(e.location), messages::method_needs_distribution(e.method->name, kind_of(receiver)));
  std::optional<ad::Var> argument;
  if (e.args.size() > 1 && e.args[1]) argument = number(*e.args[1], frame, "a method argument");
  try {
    if (summed) return (*d)->log_prob_sum(*argument);
    return apply_distribution_method(*d, e.method->name, argument);
  } catch (const Error& error) {
    fail(place(e.location), messages::method_failed(e.method->name, error.message()));
  }
}

Value Interpreter::make_constraint(const ir::Expr& e, Frame& frame) {
  std::vector<ad::Var> bounds;
  for (const ir::ExprPtr& arg : e.args) bounds.push_back(number(*arg, frame, "a constraint bound"));
  return constraint_from(e.constraint->name, bounds);
}

Value Interpreter::list_of(const ir::Expr& e, Value first, Frame& frame) {
  const auto refuse = [&](size_t i, const Value& part) {
    fail(place(e.args[i]->location), messages::mixed_list(kind_of(first), kind_of(part)));
  };
  // A transform evaluates to a list of one; a list of transforms joins them.
  if (auto* transforms = std::get_if<TransformList>(&first)) {
    TransformList out = *transforms;
    for (size_t i = 1; i < e.args.size(); ++i) {
      Value part = evaluate(*e.args[i], frame);
      auto* more = std::get_if<TransformList>(&part);
      if (!more) refuse(i, part);
      out.insert(out.end(), more->begin(), more->end());
    }
    return out;
  }
  if (auto* d = std::get_if<dist::DistributionPtr>(&first)) {
    DistributionList out{*d};
    for (size_t i = 1; i < e.args.size(); ++i) {
      Value part = evaluate(*e.args[i], frame);
      auto* next = std::get_if<dist::DistributionPtr>(&part);
      if (!next) refuse(i, part);
      out.push_back(*next);
    }
    return out;
  }
  fail(place(e.args[0]->location), messages::array_element_not_number(kind_of(first)));
}

Value Interpreter::make_transform(const ir::Expr& e, Frame& frame) {
  std::vector<ad::Var> args;
  for (const ir::ExprPtr& arg : e.args) args.push_back(number(*arg, frame, "a transform argument"));
  try {
    return TransformList{transform_from(e.transform->name, args, tape_)};
  } catch (const Error& error) {
    fail(place(e.location), messages::transform_failed(error.message()));
  }
}

Value Interpreter::index(const ir::Expr& e, Frame& frame) {
  ad::Var a = number(*e.args[0], frame, "an indexed value");
  std::vector<IndexPart> parts;
  for (const ir::IndexEntry& entry : e.indices) {
    IndexPart part;
    part.is_slice = entry.is_slice;
    part.new_axis = entry.new_axis;
    part.ellipsis = entry.ellipsis;
    part.mask = entry.mask;
    if (entry.index) {
      part.index = tape_.read_as_constant(number(*entry.index, frame, "an index"));
    }
    if (entry.low) part.low = integer(*entry.low, frame, "a slice start");
    if (entry.high) part.high = integer(*entry.high, frame, "a slice end");
    if (entry.step) part.step = integer(*entry.step, frame, "a slice step");
    parts.push_back(part);
  }
  try {
    return apply_index(a, parts, vectorized_ ? leading_dims(e, a) : 0);
  } catch (const Error& error) {
    fail(place(e.location), messages::index_failed(error.message()));
  }
}

int Interpreter::leading_dims(const ir::Expr& e, const ad::Var& operand) const {
  if (e.operand_rank < 0)
    fail(place(e.location), messages::unknown_operand_rank());
  int leading = operand.shape().rank() - e.operand_rank;
  if (leading < 0)
    fail(place(e.location), messages::rank_below_program(operand.shape(), e.operand_rank));
  return leading;
}

ErrorPlace Interpreter::place(const SourceLocation& location) const {
  return ir::place(program_, location);
}

}  // namespace ppl::runtime
