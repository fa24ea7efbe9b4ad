#include "infer/svi/svi.h"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include <chrono>
#include <set>

#include "core/error.h"
#include "core/interrupt.h"

namespace ppl::infer {

double SviResult::final_elbo() const {
  const int n = static_cast<int>(losses.size());
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  const int tail = std::max(1, n / 10);
  double sum = 0;
  for (int i = n - tail; i < n; ++i) sum += losses[i];
  return -sum / tail;
}

namespace {

// The window means of the ELBO so far; throws RunawayElbo when they run away
// (see RunawayCheck).
class RunawayWatch {
 public:
  explicit RunawayWatch(const RunawayCheck& check) : check_(check) {}
  void add(int step, double loss) {
    if (!check_.enabled || check_.window < 1) return;
    sum_ += loss;
    if (++count_ < check_.window) return;
    const double elbo = -sum_ / count_;
    sum_ = 0;
    count_ = 0;
    means_.push_back(elbo);
    const int first = step + 2 - check_.window, last = step + 1;
    if (elbo > check_.bound)
      throw RunawayElbo(fmt::format(
          "step {}: the ELBO has run away to {:.3g} (mean over steps {}-{}), above {:.0e}, which "
          "no normalized guide reaches on a proper model (the ELBO is at most the log evidence); "
          "{}",
          last, elbo, first, last, check_.bound, kLikelyCauses));
    const size_t n = means_.size();
    if (n >= 4 && elbo > 1e6) {
      bool growing = true;
      for (size_t i = n - 3; i < n; ++i)
        growing = growing && means_[i - 1] > 0 && means_[i] >= 10 * means_[i - 1];
      if (growing)
        throw RunawayElbo(fmt::format(
            "step {}: the ELBO has grown tenfold in each of the last three windows of {} steps, "
            "from {:.3g} to {:.3g}, without bound; {}",
            last, check_.window, means_[n - 4], elbo, kLikelyCauses));
    }
  }

 private:
  static constexpr const char* kLikelyCauses =
      "likely causes: a factor statement in the guide (it enters the ELBO as -E_q[factor], which "
      "the guide's params can push to infinity) or an improper model (a density that does not "
      "integrate to one, such as an ImproperUniform site or a factor with no upper bound)";
  RunawayCheck check_;
  double sum_ = 0;
  int count_ = 0;
  std::vector<double> means_;
};

}  // namespace

SviResult run_svi(ElboObjective& objective, ParamStore& store, Optimizer& optimizer, int steps,
                  RandomKey key, const SviProgress& progress, const RunawayCheck& runaway,
                  const ElboLoss& loss) {
  SviResult result;
  result.losses.reserve(steps);
  RunawayWatch watch(runaway);
  auto started = std::chrono::steady_clock::now();
  for (int step = 0; step < steps && !stop_requested(); ++step) {
    ElboObjective::Evaluation e;
    try {
      const RandomKey step_key = fold_in(key, static_cast<std::uint64_t>(step));
      e = loss ? loss(step_key) : objective.evaluate(step_key);
    } catch (const Error& error) {
      // Earlier steps ran at the starting params: the optimizer's moves
      // brought these, most often by a learning rate too large.
      const std::string ran =
          step == 1 ? "step 1 ran, with" : fmt::format("steps 1-{} ran, the last with", step);
      const std::string moved =
          step == 0 ? ""
                    : fmt::format(" ({} loss {:.6g}: the optimizer moved the params here; if it "
                                  "diverged, lower the learning rate)",
                                  ran, result.losses.back());
      throw error.with_message(fmt::format("step {}: {}{}", step + 1, error.message(), moved));
    }
    optimizer.step(store.values(), e.gradient);
    result.losses.push_back(e.loss);
    if (progress) progress(step, e.loss);
    watch.add(step, e.loss);
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

std::vector<SiteDraws> guide_posterior_draws(ElboObjective& objective, int n, RandomKey key) {
  std::vector<SiteDraws> sites;
  std::map<std::string, size_t> index;
  for (int i = 0; i < n; ++i) {
    objective.tape().clear();
    objective.params().reset();
    ElboObjective::Traces t = objective.run_particle(fold_in(key, static_cast<std::uint64_t>(i)));
    auto record = [&](const handlers::TraceSite& site) {
      const Array& v = site.value().value();
      auto [it, inserted] = index.try_emplace(site.name, sites.size());
      if (inserted) {
        SiteDraws d;
        d.name = site.name;
        d.shape.assign(v.shape().begin(), v.shape().end());
        d.draws.resize(1);
        sites.push_back(std::move(d));
      }
      sites[it->second].draws[0].emplace_back(v.data(), v.data() + v.size());
    };
    const std::set<std::string> unconstrained = objective.guide().unconstrained_values().sites;
    for (const handlers::TraceSite& site : t.guide.sites())
      if (site.is_latent() && t.model.find(site.name))
        // A site the guide draws unconstrained has its value in the model's run.
        record(unconstrained.count(site.name) ? *t.model.find(site.name) : site);
    for (const handlers::TraceSite& site : t.model.sites())
      if (site.kind == runtime::MessageKind::Deterministic) record(site);
  }
  return sites;
}

}  // namespace ppl::infer
