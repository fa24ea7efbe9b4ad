#include "infer/mcmc/chain_result_codec.h"

#include "core/error.h"

namespace ppl::infer {
namespace {

void put_matrix(std::vector<double>& out, const Eigen::MatrixXd& m) {
  out.push_back(static_cast<double>(m.rows()));
  out.push_back(static_cast<double>(m.cols()));
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j) out.push_back(m(i, j));
}

void put_stats(std::vector<double>& out, const std::vector<DrawStats>& stats) {
  out.push_back(static_cast<double>(stats.size()));
  for (const DrawStats& s : stats)
    out.insert(out.end(), {s.log_density, s.accept_stat, s.step_size, static_cast<double>(s.tree_depth),
                           static_cast<double>(s.n_leapfrog), s.divergent ? 1.0 : 0.0, s.energy});
}

class Reader {
 public:
  Reader(const std::vector<double>& numbers, size_t& at) : numbers_(numbers), at_(at) {}
  double next() {
    if (at_ >= numbers_.size()) throw Error("a chain's result from another rank ended early");
    return numbers_[at_++];
  }
  Eigen::Index count() { return static_cast<Eigen::Index>(next()); }
  Eigen::MatrixXd matrix() {
    const Eigen::Index rows = count(), cols = count();
    Eigen::MatrixXd m(rows, cols);
    for (Eigen::Index i = 0; i < rows; ++i)
      for (Eigen::Index j = 0; j < cols; ++j) m(i, j) = next();
    return m;
  }
  std::vector<DrawStats> stats() {
    std::vector<DrawStats> out(count());
    for (DrawStats& s : out) {
      s.log_density = next();
      s.accept_stat = next();
      s.step_size = next();
      s.tree_depth = static_cast<int>(next());
      s.n_leapfrog = static_cast<int>(next());
      s.divergent = next() != 0;
      s.energy = next();
    }
    return out;
  }

 private:
  const std::vector<double>& numbers_;
  size_t& at_;
};

}  // namespace

std::vector<double> encode_chain_result(const ChainResult& r) {
  std::vector<double> out;
  put_matrix(out, r.draws);
  put_stats(out, r.stats);
  put_stats(out, r.warmup_stats);
  put_matrix(out, r.warmup_draws);
  out.push_back(r.step_size);
  out.push_back(r.metric.is_dense() ? 1.0 : 0.0);
  if (r.metric.is_dense()) put_matrix(out, r.metric.inverse_mass_dense());
  else put_matrix(out, r.metric.inverse_mass_diagonal());
  out.push_back(static_cast<double>(r.gradient_evaluations));
  out.push_back(static_cast<double>(r.non_finite_evaluations));
  out.push_back(r.first_non_finite_position ? 1.0 : 0.0);
  if (r.first_non_finite_position) put_matrix(out, *r.first_non_finite_position);
  out.push_back(r.warmup_seconds);
  out.push_back(r.sampling_seconds);
  return out;
}

ChainResult decode_chain_result(const std::vector<double>& numbers, size_t& at) {
  Reader in(numbers, at);
  ChainResult r;
  r.draws = in.matrix();
  r.stats = in.stats();
  r.warmup_stats = in.stats();
  r.warmup_draws = in.matrix();
  r.step_size = in.next();
  const bool dense = in.next() != 0;
  const Eigen::MatrixXd metric = in.matrix();
  r.metric = dense ? EuclideanMetric::dense(metric) : EuclideanMetric::diagonal(metric.col(0));
  r.gradient_evaluations = static_cast<long>(in.next());
  r.non_finite_evaluations = static_cast<long>(in.next());
  if (in.next() != 0) r.first_non_finite_position = Eigen::VectorXd(in.matrix().col(0));
  r.warmup_seconds = in.next();
  r.sampling_seconds = in.next();
  return r;
}

}  // namespace ppl::infer
