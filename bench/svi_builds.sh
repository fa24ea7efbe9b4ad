#!/usr/bin/env bash
# SVI steps per second of two builds of ppl, run alternately on the same
# machine (its speed varies from session to session, so builds are only
# compared side by side): the deep Markov model of seed 004 with its guide
# program, and eight schools (non-centered) with auto_normal. Prints each
# build's median steps/s over the runs and its final ELBO, which should agree
# (the same seed gives the same steps).
#   bash bench/svi_builds.sh OLD_PPL NEW_PPL [RUNS]   (default 5 runs each)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
old="$1" new="$2" runs="${3:-5}"
models="$root/models"
results="$(mktemp)"
one_run() {
  local build="$1" label="$2" name="$3"
  shift 3
  local out
  out="$(mktemp --suffix .json)"
  rm -f "$out"
  "$build" fit "$@" --optim adam:0.01 --seed 1 --quiet --out "$out" 2>/dev/null
  python3 - "$out" "$label" "$name" >> "$results" <<'PY'
import json, sys
fit = json.load(open(sys.argv[1]))
print(json.dumps({"build": sys.argv[2], "model": sys.argv[3],
                  "steps_per_second": fit["timing"]["steps_per_second"], "elbo": fit["elbo"]}))
PY
  rm -f "$out"
}
for _ in $(seq "$runs"); do
  for pair in "old:$old" "new:$new"; do
    label="${pair%%:*}" build="${pair#*:}"
    one_run "$build" "$label" deep_markov_model "$models/seed004_dmm.ppl" \
      --data "$models/seed004_dmm.data.json" --guide "$models/seed004_dmm_guide.ppl" --steps 5000
    one_run "$build" "$label" eight_schools "$models/eight_schools_noncentered.ppl" \
      --data "$models/eight_schools.data.json" --guide auto_normal --steps 200000
  done
done
python3 - "$results" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print(f"{'model':20} {'build':5} {'steps/s':>10} {'elbo':>12}")
for model in ("deep_markov_model", "eight_schools"):
    medians = {}
    for build in ("old", "new"):
        mine = [r for r in rows if r["model"] == model and r["build"] == build]
        medians[build] = statistics.median(r["steps_per_second"] for r in mine)
        print(f"{model:20} {build:5} {medians[build]:10.0f} {mine[-1]['elbo']:12.4f}")
    print(f"{model:20} new/old steps/s: {medians['new'] / medians['old']:.2f}")
PY
rm -f "$results"
