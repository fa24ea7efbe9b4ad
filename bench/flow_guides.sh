#!/usr/bin/env bash
# The flow autoguides against the Gaussian ones on targets whose normalizing
# constant is known (log Z = 0: the model is a normalized joint with no
# data), so the ELBO is minus KL(q || p): a 2-d banana and Neal's funnel in
# 3 and 10 dimensions. Prints steps/s and FIT.json's elbo: the mean of the
# one-particle ELBO estimates over the last 10% of the steps (with 20000
# steps, 2000 estimates while the learning rate has decayed tenfold).
#   bash bench/flow_guides.sh [STEPS]     (default 20000)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
ppl="$root/build/ppl"
steps="${1:-20000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf 'model {\n  x1 ~ Normal(0, 2)\n  x2 ~ Normal(0.5 * (x1 * x1 - 4), 1)\n}\n' > "$work/banana.ppl"
for d in 3 10; do
  printf 'model {\n  y ~ Normal(0, 3)\n  x ~ Normal(0, exp(y / 2)).expand([%d])\n}\n' $((d - 1)) \
    > "$work/funnel$d.ppl"
done
printf '%-10s %-60s %10s %10s\n' target guide steps/s elbo
run() {
  local target="$1"; shift
  "$ppl" fit "$work/$target.ppl" "$@" --steps "$steps" --optim "adam:0.005,exp:0.1:$steps" \
    --num-samples 10 --seed 1 --quiet --out "$work/fit.json" 2>/dev/null
  python3 - "$work/fit.json" "$target" "$*" <<'PY'
import json, sys
fit = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]:<10} {sys.argv[3]:<60} {fit['timing']['steps_per_second']:>10.0f} "
      f"{fit['elbo']:>10.3f}")
PY
}
for target in banana funnel3 funnel10; do
  run "$target" --guide auto_multivariate_normal
  run "$target" --guide auto_iaf_normal
  run "$target" --guide auto_iaf_normal --hidden-dims 32,32
  run "$target" --guide auto_iaf_normal --hidden-dims 32,32 --num-flows 5
  run "$target" --guide auto_bnaf_normal
  run "$target" --guide auto_bnaf_normal --num-flows 2
done
