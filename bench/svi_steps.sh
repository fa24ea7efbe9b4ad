#!/usr/bin/env bash
# SVI throughput: steps per second of `ppl fit --guide auto_normal` (Adam,
# one particle) on eight schools (non-centered) and on a logistic regression
# with N = 5000 rows and D = 20 features, with the final ELBO of each run.
#   bash bench/svi_steps.sh [STEPS]     (default 10000)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
ppl="$root/build/ppl"
steps="${1:-10000}"
python3 "$here/make_data.py"
printf '%-28s %10s %12s %10s\n' model steps steps/s elbo
run() {
  local name="$1" model="$2" data="$3"
  local out
  out="$(mktemp --suffix .json)"
  "$ppl" fit "$model" --data "$data" --guide auto_normal --steps "$steps" --optim adam:0.01 \
    --num-samples 100 --seed 1 --quiet --out "$out"
  python3 - "$out" "$name" <<'PY'
import json, sys
fit = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]:<28} {fit['settings']['steps']:>10} {fit['timing']['steps_per_second']:>12.0f} {fit['elbo']:>10.2f}")
PY
  rm -f "$out"
}
run eight_schools_noncentered "$root/models/eight_schools_noncentered.ppl" "$root/models/eight_schools.data.json"
run logistic_regression "$here/models/logistic_regression.ppl" "$here/data/logistic_regression.json"
