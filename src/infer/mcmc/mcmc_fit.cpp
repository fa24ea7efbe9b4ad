#include "infer/mcmc/mcmc_fit.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "core/error.h"
#include "core/interrupt.h"
#include "infer/mcmc/keyed_random_source.h"
#include "infer/mcmc/chain_result_codec.h"
#include "infer/model_potential.h"
#include "infer/row_shards.h"
#include "infer/sharded_potential.h"

namespace ppl::infer {

namespace {

ChainReport report_of(const ChainResult& r, int max_tree_depth) {
  ChainReport report;
  double accept = 0;
  for (const DrawStats& s : r.stats) {
    report.divergences += s.divergent;
    report.max_tree_depth_hits += s.tree_depth >= max_tree_depth;
    accept += s.accept_stat;
  }
  report.step_size = r.step_size;
  report.mean_accept_stat = r.stats.empty() ? 0.0 : accept / r.stats.size();
  report.gradient_evaluations = r.gradient_evaluations;
  report.warmup_seconds = r.warmup_seconds;
  report.sampling_seconds = r.sampling_seconds;
  return report;
}

}  // namespace

McmcFit run_mcmc(const ir::Program& program, const runtime::ModelData& data,
                 const McmcRequest& request) {
  const RandomKey base(request.seed);
  const LatentLayout layout(program, data, fold_in(base, "model"));
  if (layout.dimension() == 0) throw Error("the model has no latent continuous sites to sample");
  if (!layout.subsampled_plates().empty())
    throw Error(fmt::format("plate {} draws a minibatch; HMC and NUTS need the full data (the "
                            "log density must not change between steps): remove `subsample` "
                            "to sample, or fit by SVI with --guide",
                            layout.subsampled_plates().front()));
  Ranks* ranks = request.ranks && request.ranks->size() > 1 ? request.ranks : nullptr;
  if (request.data_parallel && !ranks)
    throw Error("data-parallel sampling needs several MPI ranks (mpirun -np K ppl fit ...)");
  const bool split = request.threads_per_chain > 0 || request.data_parallel;
  // The shards' data, shared by the chains (only this rank's with data_parallel).
  RowShards shards;
  std::vector<runtime::ModelData> shard_data;
  if (split) {
    // Refusals the same on every rank, before any rank's own work.
    shards = find_row_shards(program, data);
    refuse_latent_sites_in(layout, shards.plate);
    const RankShards mine = request.data_parallel
                                ? shards_of_rank(shards.count(), ranks->rank(), ranks->size())
                                : RankShards{0, shards.count()};
    shard_data.resize(shards.count());
    try {
      for (int k = mine.first; k < mine.last; ++k) shard_data[k] = infer::shard_data(data, shards, k);
    } catch (...) {
      if (!ranks) throw;
      abort_failed_rank(*ranks, std::current_exception());
    }
  }
  std::vector<std::unique_ptr<ModelPotential>> potentials(request.chains);
  std::vector<std::unique_ptr<ShardedPotential>> sharded(request.chains);
  auto make_chain = [&](int c) {
    RandomKey key = chain_key(request.seed, c);
    potentials[c] = std::make_unique<ModelPotential>(program, data, fold_in(base, "model"));
    ModelPotential* potential = potentials[c].get();
    ChainInputs inputs;
    inputs.initial_position = initial_point(*potential, request.init, fold_in(key, "init"));
    inputs.potential = [potential](const Eigen::VectorXd& q, Eigen::VectorXd& g) {
      return (*potential)(q, g);
    };
    if (split) {
      sharded[c] = std::make_unique<ShardedPotential>(
          program, shard_data, fold_in(base, "model"), shards, *potential,
          std::max(1, request.threads_per_chain), request.data_parallel ? ranks : nullptr);
      inputs.potential = [s = sharded[c].get()](const Eigen::VectorXd& q, Eigen::VectorXd& g) {
        return (*s)(q, g);
      };
    }
    inputs.random = std::make_unique<KeyedRandomSource>(fold_in(key, "sampler"));
    return inputs;
  };
  McmcFit fit;
  fit.outputs = layout.output_sites();
  const auto started = std::chrono::steady_clock::now();
  if (ranks && !request.data_parallel) {
    // This rank's chains, then every rank's results in chain order.
    std::vector<int> mine;
    for (int c = ranks->rank(); c < request.chains; c += ranks->size()) mine.push_back(c);
    ChainProgress progress;
    if (request.progress)
      progress = [&](int i, int iteration, bool warmup, const DrawStats& stats) {
        request.progress(mine[i], iteration, warmup, stats);
      };
    std::vector<ChainResult> results;
    try {
      results = run_chains(static_cast<int>(mine.size()), request.threads,
                           [&](int i) { return make_chain(mine[i]); }, request.settings, progress);
    } catch (...) {
      abort_failed_rank(*ranks, std::current_exception());
    }
    std::vector<double> encoded;
    for (const ChainResult& r : results) {
      std::vector<double> one = encode_chain_result(r);
      encoded.insert(encoded.end(), one.begin(), one.end());
    }
    std::vector<std::vector<double>> gathered = ranks->allgather(encoded);
    fit.chains.resize(request.chains);
    for (int r = 0; r < ranks->size(); ++r) {
      size_t at = 0;
      for (int c = r; c < request.chains; c += ranks->size())
        fit.chains[c] = decode_chain_result(gathered[r], at);
    }
  } else {
    // One chain at a time when the ranks share each chain's work: every
    // rank's collective steps must come in the same order.
    try {
      fit.chains = run_chains(request.chains, request.data_parallel ? 1 : request.threads,
                              make_chain, request.settings,
                              ranks && ranks->rank() != 0 ? ChainProgress() : request.progress);
    } catch (...) {
      if (!ranks) throw;
      abort_failed_rank(*ranks, std::current_exception());
    }
  }
  fit.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (ranks && ranks->rank() != 0) return fit;  // rank 0 writes the results

  fit.interrupted = stop_requested();
  fit.thin = std::max(1, request.thin);
  fit.draws_per_chain = request.settings.num_samples;
  if (fit.interrupted) {
    for (int c = static_cast<int>(fit.chains.size()) - 1; c >= 0 && fit.chains.size() > 1; --c)
      if (fit.chains[c].draws.rows() == 0) {
        fit.chains.erase(fit.chains.begin() + c);
        potentials.erase(potentials.begin() + c);
        sharded.erase(sharded.begin() + c);
      }
    for (const ChainResult& r : fit.chains)
      fit.draws_per_chain = std::min(fit.draws_per_chain, static_cast<int>(r.draws.rows()));
    for (ChainResult& r : fit.chains) {
      r.draws.conservativeResize(fit.draws_per_chain, r.draws.cols());
      r.stats.resize(fit.draws_per_chain);
    }
  }
  const int chains_run = static_cast<int>(fit.chains.size());
  // Chains run on other ranks map their draws here.
  for (std::unique_ptr<ModelPotential>& p : potentials)
    if (!p) p = std::make_unique<ModelPotential>(program, data, fold_in(base, "model"));

  // Each kept iteration's constrained values, by site and as a CSV row.
  const auto convert = [&](const auto& positions, std::vector<SiteDraws>& sites,
                           std::vector<std::vector<std::vector<double>>>& rows) {
    sites.resize(fit.outputs.size());
    for (size_t k = 0; k < fit.outputs.size(); ++k) {
      sites[k].name = fit.outputs[k].name;
      sites[k].shape.assign(fit.outputs[k].shape.begin(), fit.outputs[k].shape.end());
      sites[k].draws.resize(chains_run);
    }
    rows.resize(chains_run);
    for (int c = 0; c < chains_run; ++c) {
      const Eigen::MatrixXd& draws = positions(fit.chains[c]);
      for (Eigen::Index i = 0; i < draws.rows(); i += fit.thin) {
        std::vector<std::vector<double>> values =
            potentials[c]->constrained_values(draws.row(i).transpose());
        std::vector<double> row;
        for (size_t k = 0; k < values.size(); ++k) {
          sites[k].draws[c].push_back(values[k]);
          row.insert(row.end(), values[k].begin(), values[k].end());
        }
        rows[c].push_back(std::move(row));
      }
    }
  };
  convert([](const ChainResult& r) -> const Eigen::MatrixXd& { return r.draws; }, fit.sites, fit.rows);
  if (request.settings.save_warmup)
    convert([](const ChainResult& r) -> const Eigen::MatrixXd& { return r.warmup_draws; },
            fit.warmup_sites, fit.warmup_rows);
  fit.draws_per_chain = (fit.draws_per_chain + fit.thin - 1) / fit.thin;
  for (int c = 0; c < chains_run; ++c) {
    const ChainResult& r = fit.chains[c];
    fit.reports.push_back(report_of(r, request.settings.nuts.max_tree_depth));
    fit.divergences += fit.reports.back().divergences;
    fit.gradient_evaluations += r.gradient_evaluations;
    fit.slowest_chain_seconds = std::max(fit.slowest_chain_seconds, r.warmup_seconds + r.sampling_seconds);
    fit.non_finite_evaluations += r.non_finite_evaluations;
    if (fit.first_non_finite_sites.empty() && r.first_non_finite_position)
      fit.first_non_finite_sites = potentials[c]->non_finite_sites(*r.first_non_finite_position);
  }
  // Chains at work at once: one with data_parallel, else the threads of every rank.
  const int concurrent = request.data_parallel
                             ? 1
                             : std::min(request.threads * (ranks ? ranks->size() : 1), chains_run);
  if (fit.gradient_evaluations > 0)
    fit.seconds_per_gradient =
        fit.wall_seconds * concurrent / static_cast<double>(fit.gradient_evaluations);
  return fit;
}

std::vector<io::CsvSite> csv_sites(const McmcFit& fit) {
  std::vector<io::CsvSite> sites;
  for (const OutputSite& o : fit.outputs)
    sites.push_back({o.name, std::vector<int64_t>(o.shape.begin(), o.shape.end())});
  return sites;
}

io::CsvChain csv_chain(const McmcFit& fit, int c) {
  const ChainResult& result = fit.chains[c];
  io::CsvChain chain;
  chain.chain_id = c + 1;
  const auto add_stats = [&](const std::vector<DrawStats>& stats, size_t count) {
    for (size_t i = 0; i < count * static_cast<size_t>(fit.thin) && i < stats.size(); i += fit.thin) {
      const DrawStats& s = stats[i];
      chain.stats.push_back({s.log_density, s.accept_stat, s.step_size, s.tree_depth, s.n_leapfrog,
                             s.divergent, s.energy});
    }
  };
  if (!fit.warmup_rows.empty()) {
    add_stats(result.warmup_stats, fit.warmup_rows[c].size());
    chain.draw_values = fit.warmup_rows[c];
  }
  add_stats(result.stats, fit.rows[c].size());
  chain.draw_values.insert(chain.draw_values.end(), fit.rows[c].begin(), fit.rows[c].end());
  chain.step_size = result.step_size;
  const auto& metric = result.metric;
  if (metric.is_dense()) {
    const Eigen::MatrixXd& dense = metric.inverse_mass_dense();
    for (Eigen::Index i = 0; i < dense.rows(); ++i) {
      std::vector<double> row(dense.cols());
      for (Eigen::Index j = 0; j < dense.cols(); ++j) row[j] = dense(i, j);
      chain.inverse_metric_dense.push_back(row);
    }
  } else {
    const auto& d = metric.inverse_mass_diagonal();
    chain.inverse_metric_diagonal.assign(d.data(), d.data() + d.size());
  }
  chain.warmup_seconds = result.warmup_seconds;
  chain.sampling_seconds = result.sampling_seconds;
  return chain;
}

}  // namespace ppl::infer
