#include "handlers/handler.h"

#include <fmt/format.h>

#include "core/error.h"

namespace ppl::handlers {

Shape site_shape(const Message& msg) {
  const dist::Distribution& d = *msg.distribution;
  const Shape& batch = d.batch_shape();
  int rank = batch.rank();
  for (const runtime::PlateFrame& frame : msg.plates) rank = std::max(rank, -frame.dim);
  Shape shape;
  for (int i = 0; i < rank; ++i) shape.push_back(1);
  for (int i = 0; i < batch.rank(); ++i) shape[rank - batch.rank() + i] = batch[i];
  for (const runtime::PlateFrame& frame : msg.plates) {
    int64_t& dim = shape[rank + frame.dim];
    if (dim != 1 && dim != frame.batch_size)
      throw Error(fmt::format("site '{}' has batch shape {} but plate '{}' of size {} is at dim {}",
                              msg.name, batch.to_string(), frame.name, frame.batch_size, frame.dim));
    dim = frame.batch_size;
  }
  for (int64_t n : d.event_shape()) shape.push_back(n);
  check_allocation(shape);
  return shape;
}

void HandlerStack::apply(Message& msg) {
  // process from the innermost handler outwards, until one stops the message.
  size_t reached = handlers_.size();
  for (size_t i = handlers_.size(); i-- > 0;) {
    handlers_[i]->process(msg);
    reached = i;
    if (msg.stop) break;
  }
  if (!msg.value && msg.kind == runtime::MessageKind::Sample) {
    if (!msg.key)
      throw Error(fmt::format("site '{}' needs a random draw, but no seed handler gave it a key",
                              msg.name));
    msg.value = msg.distribution->sample(*msg.key, site_shape(msg));
  }
  for (size_t i = reached; i < handlers_.size(); ++i) handlers_[i]->postprocess(msg);
}

}  // namespace ppl::handlers
