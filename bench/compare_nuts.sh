#!/usr/bin/env bash
# NUTS in ppl and in Stan (rstan 2.21) side by side on the same models, data
# and settings (2 chains, 1000 warmup iterations, 1000 draws per chain; see
# samples_for): wall time of warmup + sampling (slowest chain), min bulk ESS
# per second, and seconds per gradient evaluation, with the ratio ppl / Stan.
#   bash bench/compare_nuts.sh [SEEDS...]        (default seeds: 1234 2345 3456)
#   MODELS="garch11" bash bench/compare_nuts.sh  (some of the models only)
#   SHOW_RUNS=1 bash bench/compare_nuts.sh        (each run's row too)
# Installs Debian's r-cran-rstan, r-cran-jsonlite and r-cran-posterior when
# missing (as root); the project's own set-up never does.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
ppl="$root/build/ppl"
seeds=("${@:-1234 2345 3456}")
read -r -a seeds <<< "${seeds[*]}"
chains=2 warmup=1000
# Draws per chain after warmup. The state-space model's observation noise r
# mixes slowly in both tools (5 to 90 effective draws in 2000), and a bulk ESS
# under 100 is too noisy to compare (Vehtari et al. 2021): 10000 draws per
# chain bring it to a few hundred, so one seed's ratio says something.
declare -A samples_for=([state_space]=10000)

source "$here/install_missing.sh"
install_missing r-cran-rstan r-cran-jsonlite r-cran-posterior
python3 "$here/make_data.py"

declare -A ppl_model=(
  [eight_schools_noncentered]="$root/models/eight_schools_noncentered.ppl"
  [logistic_regression]="$here/models/logistic_regression.ppl"
  [state_space]="$root/models/seed001_state_space.ppl"
  [hierarchical_poisson]="$here/models/hierarchical_poisson.ppl"
  [garch11]="$here/posteriordb/garch-garch11.ppl"
)
declare -A data=(
  [eight_schools_noncentered]="$here/data/eight_schools.json"
  [logistic_regression]="$here/data/logistic_regression.json"
  [state_space]="$here/data/state_space.json"
  [hierarchical_poisson]="$here/data/hierarchical_poisson.json"
  [garch11]="$here/posteriordb/garch-garch11.data.json"
)

results="$(mktemp)"
models=("${MODELS:-eight_schools_noncentered logistic_regression state_space hierarchical_poisson garch11}")
read -r -a models <<< "${models[*]}"
for model in "${models[@]}"; do
  samples="${samples_for[$model]:-1000}"
  for seed in "${seeds[@]}"; do
    Rscript "$here/run_stan.R" "$model" "${data[$model]}" "$seed" "$chains" "$warmup" "$samples" \
      2>/dev/null | tail -n 1 >> "$results"
    out="$(mktemp --suffix .json)"
    # One thread, as rstan runs with cores = 1: each chain has the machine to itself.
    "$ppl" fit "${ppl_model[$model]}" --data "${data[$model]}" --chains "$chains" --threads 1 \
      --warmup "$warmup" --samples "$samples" --seed "$seed" --quiet --out "$out" 2>/dev/null
    python3 - "$out" "$model" "$seed" >> "$results" <<'PY'
import json, sys
fit = json.load(open(sys.argv[1]))
ess = [e["ess_bulk"] for s in fit["summary"].values() for e in s["elements"] if e["ess_bulk"] is not None]
wall = fit["timing"]["slowest_chain_seconds"]
grads = fit["timing"]["gradient_evaluations"]
busy = sum(c["warmup_seconds"] + c["sampling_seconds"] for c in fit["sampler"])
divergences = sum(c["divergences"] for c in fit["sampler"])
print(json.dumps({"tool": "ppl", "model": sys.argv[2], "seed": int(sys.argv[3]),
                  "wall_seconds": wall, "min_ess_bulk": min(ess), "ess_per_second": min(ess) / wall,
                  "seconds_per_gradient": busy / grads, "gradients": grads, "divergences": divergences}))
PY
    rm -f "$out"
  done
done

python3 - "$results" ${SHOW_RUNS:+--runs} <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip().startswith("{")]
models = []
for r in rows:
    if r["model"] not in models:
        models.append(r["model"])
def median(tool, model, key):
    values = [r[key] for r in rows if r["tool"] == tool and r["model"] == model]
    return statistics.median(values) if values else float("nan")
if "--runs" in sys.argv:
    for r in rows:
        print(f"{r['model']:28} {r['tool']:5} seed {r['seed']:<6} wall {r['wall_seconds']:8.3f} "
              f"min ESS {r['min_ess_bulk']:8.1f} ESS/s {r['ess_per_second']:10.1f} "
              f"s/gradient {r['seconds_per_gradient']:.3g}")
print(f"{'model':28} {'tool':5} {'wall s':>9} {'ESS/s':>10} {'s/gradient':>11} {'divergences':>11}")
for m in models:
    for tool in ("ppl", "stan"):
        print(f"{m:28} {tool:5} {median(tool, m, 'wall_seconds'):9.3f} {median(tool, m, 'ess_per_second'):10.1f} "
              f"{median(tool, m, 'seconds_per_gradient'):11.3g} {median(tool, m, 'divergences'):11.0f}")
    ratio = median("ppl", m, "ess_per_second") / median("stan", m, "ess_per_second")
    grad = median("ppl", m, "seconds_per_gradient") / median("stan", m, "seconds_per_gradient")
    print(f"{m:28} ratio ppl/stan: ESS/s {ratio:.2f}, s/gradient {grad:.2f}")
print(f"(medians over seeds; {len(rows)} runs)")
PY
rm -f "$results"
