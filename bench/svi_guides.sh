#!/usr/bin/env bash
# SVI throughput of every autoguide: steps per second of `ppl fit --guide G`
# (Adam 0.01, one particle) on eight schools (non-centered, D = 10), with the
# ELBO at the last steps (for auto_delta and auto_laplace_approximation the
# log joint at the fitted point, not a bound), and of seed 003's autoguide
# list on models/logistic_regression.ppl.
# The last column says whether the steps ran on a replayed tape.
#   bash bench/svi_guides.sh [STEPS]     (default 10000; PPL=path/to/ppl to time another build)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
ppl="${PPL:-$root/build/ppl}"
steps="${1:-10000}"
printf '%-36s %-28s %10s %10s %9s\n' guide model steps/s elbo replayed
run() {
  local guide="$1" model="$2" data="$3"
  local out
  out="$(mktemp --suffix .json)"
  "$ppl" fit "$root/models/$model.ppl" --data "$root/models/$data" --guide "$guide" \
    --steps "$steps" --optim adam:0.01 --num-samples 100 --seed 1 --quiet --out "$out" 2>/dev/null
  python3 - "$out" "$guide" "$model" <<'PY'
import json, sys
fit = json.load(open(sys.argv[1]))
replayed = fit['settings'].get('steps_replayed', False)
print(f"{sys.argv[2]:<36} {sys.argv[3]:<28} {fit['timing']['steps_per_second']:>10.0f} {fit['elbo']:>10.2f} {str(replayed).lower():>9}")
PY
  rm -f "$out"
}
for guide in auto_normal auto_diagonal_normal auto_multivariate_normal \
    auto_lowrank_multivariate_normal auto_laplace_approximation auto_delta auto_iaf_normal \
    auto_bnaf_normal auto_dais; do
  run "$guide" eight_schools_noncentered eight_schools.data.json
done
run "auto_delta[coefs] + auto_normal" logistic_regression logistic_regression.data.json
run auto_normal logistic_regression logistic_regression.data.json
