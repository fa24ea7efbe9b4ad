#!/usr/bin/env bash
# Differential test of ppl's log densities against Stan's, on the posteriordb
# posteriors translated in bench/posteriordb/ (one NAME.ppl and
# NAME.data.json per posterior, NAME = DATA-MODEL as in posteriordb):
#
#   bash bench/stan_log_density.sh [--posteriordb PATH] [NAME...]
#
# PATH (or $POSTERIORDB) is a copy of github.com/stan-dev/posteriordb: a
# checkout, or a bare git directory read with `git show HEAD:...`. The Stan
# programs are taken from it at run time into a cache outside the repository
# ($PPL_STAN_CACHE, by default ~/.cache/ppl-posteriordb), rewritten into the
# older syntax rstan 2.21 reads, compiled once and kept there. Without PATH,
# the programs already in the cache are used.
#
# For each posterior, bench/stan_log_density.R draws 10 points (5 from a
# short Stan run, 5 uniform in Stan's unconstrained space), evaluates both
# tools there (build/bench_log_density for ppl) and prints one line: the
# largest deviation of the log joint (constant-corrected, relative), of the
# log density with Jacobian and of its gradient, PASS or FAIL. NAME defaults
# to every posterior in bench/posteriordb/. Exits 1 when any fails.
#
# Installs Debian's r-cran-rstan and r-cran-jsonlite when missing (apt-get,
# as root); the project's own set-up never does.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
posteriordb="${POSTERIORDB:-}"
names=()
while [ $# -gt 0 ]; do
  case "$1" in
    --posteriordb) posteriordb="$2"; shift 2 ;;
    --posteriordb=*) posteriordb="${1#*=}"; shift ;;
    *) names+=("$1"); shift ;;
  esac
done
if [ ${#names[@]} -eq 0 ]; then
  for f in "$here"/posteriordb/*.ppl; do names+=("$(basename "$f" .ppl)"); done
fi
cache="${PPL_STAN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ppl-posteriordb}"
mkdir -p "$cache/stan" "$cache/work"

source "$here/install_missing.sh"
install_missing r-cran-rstan r-cran-jsonlite

evaluator="$root/build/bench_log_density"
if [ ! -x "$evaluator" ]; then
  cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=Release > /dev/null
  cmake --build "$root/build" -j2 --target bench_log_density
fi

# The Stan program of posteriordb model $1 on standard output.
stan_source() {
  local rel="posterior_database/models/stan/$1.stan"
  if [ -z "$posteriordb" ]; then
    return 1
  elif [ -f "$posteriordb/$rel" ]; then
    cat "$posteriordb/$rel"
  else
    git --git-dir="$posteriordb" show "HEAD:$rel" 2>/dev/null ||
      git -C "$posteriordb" show "HEAD:$rel"
  fi
}

# Rewrites array declarations of the current Stan syntax into the older one:
#   array[N, K] real<lower=0> x;  ->  real<lower=0> x[N, K];
#   array[] real x (arguments)    ->  real[] x
old_syntax() {
  local types='int|real|vector|row_vector|matrix|simplex|unit_vector|ordered|positive_ordered|cholesky_factor_corr|cholesky_factor_cov|corr_matrix|cov_matrix'
  perl -pe "
    s/\\barray\\s*\\[((?:\\s*,)*)\\s*\\]\\s*((?:data\\s+)?(?:$types)\\b)\\s*(\\w+)/\$2\\[\$1\\] \$3/g;
    s/\\barray\\s*\\[([^\\]]+)\\]\\s*((?:$types)\\b\\s*(?:<[^>]*>)?\\s*(?:\\[[^\\]]*\\])?)\\s*(\\w+)/\$2 \$3\\[\$1\\]/g;
  "
}

header="$(printf '%-52s %10s %20s %20s  %s' posterior log_joint log_density gradient result)"
echo "$header"
failed=0
for name in "${names[@]}"; do
  model="${name#*-}"
  stan_file="$cache/stan/$model.stan"
  if source="$(stan_source "$model")"; then
    converted="$(printf '%s\n' "$source" | old_syntax)"
    # Rewritten only when it changes, so the compiled model stays cached.
    if [ ! -f "$stan_file" ] || [ "$converted" != "$(cat "$stan_file")" ]; then
      printf '%s\n' "$converted" > "$stan_file"
    fi
  elif [ ! -f "$stan_file" ]; then
    echo "$name: no Stan program: pass --posteriordb PATH (or set POSTERIORDB)" >&2
    failed=1
    continue
  fi
  if ! Rscript "$here/stan_log_density.R" "$name" "$stan_file" \
      "$here/posteriordb/$name.data.json" "$here/posteriordb/$name.ppl" "$evaluator" \
      "$cache/work" 2> "$cache/work/$name.log" | tee "$cache/work/$name.line"; then
    echo "$name: error, see $cache/work/$name.log" >&2
    failed=1
    continue
  fi
  grep -q ' PASS' "$cache/work/$name.line" || failed=1
done
exit "$failed"
