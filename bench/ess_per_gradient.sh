#!/usr/bin/env bash
# The sampler's efficiency, ppl's NUTS against Stan's (rstan 2.21), apart
# from the cost of a gradient: bulk ESS per 1000 gradients of the sampling
# phase on posteriordb posteriors, both tools' draws measured by the same
# estimator (posterior's ess_bulk, bench/ess_per_gradient.R), over many
# seeds, with medians and the number of seeds on which ppl is ahead.
#
#   bash bench/ess_per_gradient.sh --posteriordb PATH [--seeds "1 2 3"] [NAME...]
#
# PATH: a copy of github.com/stan-dev/posteriordb (checkout or bare git
# directory), from which the Stan programs are read at run time. Default
# posteriors: three regressions. 4 chains, 1000 warmup and 1000 sampling
# iterations each. Installs Debian's r-cran-rstan, r-cran-jsonlite and
# r-cran-posterior when missing (as root); the project's set-up never does.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
posteriordb="${POSTERIORDB:-}"
seeds="1 2 3 4 5 6 7 8 9 10"
names=()
while [ $# -gt 0 ]; do
  case "$1" in
    --posteriordb) posteriordb="$2"; shift 2 ;;
    --seeds) seeds="$2"; shift 2 ;;
    *) names+=("$1"); shift ;;
  esac
done
[ -n "$posteriordb" ] || { echo "needs --posteriordb PATH" >&2; exit 2; }
[ ${#names[@]} -gt 0 ] || names=(kidiq-kidscore_interaction earnings-logearn_interaction_z mesquite-logmesquite)
source "$here/install_missing.sh"
install_missing r-cran-rstan r-cran-jsonlite r-cran-posterior
ppl="${PPL:-$root/build/ppl}"  # PPL=... to measure another build
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
results="$work/results.jsonl"

stan_program() {  # posteriordb's Stan program of model $1 into $2
  local rel="posterior_database/models/stan/$1.stan"
  cat "$posteriordb/$rel" 2>/dev/null > "$2" ||
    git --git-dir="$posteriordb" show "HEAD:$rel" > "$2" 2>/dev/null ||
    git -C "$posteriordb" show "HEAD:$rel" > "$2"
}

for name in "${names[@]}"; do
  model="${name#*-}"
  mkdir -p "$here/.stan_cache"
  stan_program "$model" "$work/$model.stan"
  # Keep the cached compiled model when the program is unchanged.
  cmp -s "$work/$model.stan" "$here/.stan_cache/$model.stan" || cp "$work/$model.stan" "$here/.stan_cache/$model.stan"
  data="$here/posteriordb/$name.data.json"
  for seed in $seeds; do
    Rscript "$here/ess_per_gradient.R" stan "$here/.stan_cache/$model.stan" "$data" "$seed" 4 1000 1000 \
      2>/dev/null | tail -n 1 | sed "s/^{/{\"posterior\":\"$name\",/" >> "$results"
    "$ppl" fit "$here/posteriordb/$name.ppl" --data "$data" --chains 4 --warmup 1000 --samples 1000 \
      --seed "$seed" --quiet --draws "$work/draws.csv" > /dev/null 2>&1
    Rscript "$here/ess_per_gradient.R" csv "$seed" "$work"/draws_*.csv 2>/dev/null | tail -n 1 |
      sed "s/^{/{\"posterior\":\"$name\",/" >> "$results"
    rm -f "$work"/draws_*.csv
  done
done

python3 - "$results" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
print("| posterior | seeds | ESS/1000 grad, ppl (median) | Stan (median) | ratio | seeds ppl ahead | step size ppl / Stan |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for name in dict.fromkeys(r["posterior"] for r in rows):
    by = {t: {r["seed"]: r for r in rows if r["posterior"] == name and r["tool"] == t} for t in ("ppl", "stan")}
    seeds = sorted(set(by["ppl"]) & set(by["stan"]))
    p = [by["ppl"][s]["ess_per_1000_gradients"] for s in seeds]
    q = [by["stan"][s]["ess_per_1000_gradients"] for s in seeds]
    ps = statistics.median(by["ppl"][s]["mean_step_size"] for s in seeds)
    qs = statistics.median(by["stan"][s]["mean_step_size"] for s in seeds)
    ahead = sum(a > b for a, b in zip(p, q))
    print(f"| {name} | {len(seeds)} | {statistics.median(p):.2f} | {statistics.median(q):.2f} | "
          f"{statistics.median(p) / statistics.median(q):.2f} | {ahead} of {len(seeds)} | {ps:.3f} / {qs:.3f} |")
PY
