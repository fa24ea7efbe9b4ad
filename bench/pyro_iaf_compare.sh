#!/usr/bin/env bash
# ppl's auto_iaf_normal against Pyro's AutoIAFNormal on the banana of
# bench/flow_guides.sh (log Z = 0): the same flows (3, hidden 16,16), Adam
# at 0.01 decayed tenfold over the steps, one particle, one thread.
#   PYRO_SRC=/path/to/pyro-1.8 bash bench/pyro_iaf_compare.sh [STEPS]
# Needs Debian's python3-torch and python3-tqdm, Pyro's source (not part of
# ppl) in PYRO_SRC, and an importable opt_einsum (Debian has none; Pyro's
# Trace_ELBO never contracts, so a module with its names will do, on
# PYTHONPATH).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
steps="${1:-6000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf 'model {\n  x1 ~ Normal(0, 2)\n  x2 ~ Normal(0.5 * (x1 * x1 - 4), 1)\n}\n' > "$work/banana.ppl"
"$root/build/ppl" fit "$work/banana.ppl" --guide auto_iaf_normal --num-flows 3 --hidden-dims 16,16 \
  --steps "$steps" --optim "adam:0.01,exp:0.1:$steps" --num-samples 10 --quiet --out "$work/fit.json"
python3 - "$work/fit.json" <<'PY'
import json, sys
fit = json.load(open(sys.argv[1]))
print(f"ppl auto_iaf_normal (3 flows, hidden 16,16): {fit['timing']['steps_per_second']:.0f} steps/s, "
      f"ELBO {fit['elbo']:.3f} (mean of the last 10% of the steps)")
PY
PYTHONPATH="${PYRO_SRC:?set PYRO_SRC to the Pyro source}${PYTHONPATH:+:$PYTHONPATH}" /usr/bin/python3 "$here/pyro_iaf_compare.py" "$steps"
