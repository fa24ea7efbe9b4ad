#!/usr/bin/env bash
# Runs one fuzz target for a while, seeded with the project's files.
#   fuzz/run.sh FUZZ_BUILD_DIR program|data|fit SECONDS [WORK_DIR]
# The corpus grows in WORK_DIR/corpus (a fresh temporary folder by default);
# a crash, a hang or a message without a location leaves its input in
# WORK_DIR and ends with a non-zero exit. An input is a hang after 10 s
# ($PPL_FUZZ_TIMEOUT: raise it on a machine busy with other work).
set -euo pipefail
build=$1 target=$2 seconds=$3
root=$(cd "$(dirname "$0")/.." && pwd)
work=${4:-}
fresh=false
if [ -z "$work" ]; then work=$(mktemp -d); fresh=true; fi
mkdir -p "$work/corpus" "$work/seeds"
case "$target" in
  program) seeds=("$root"/models/*.ppl "$root"/bench/posteriordb/*.ppl "$root"/tests/cli/programs/*.ppl
                  "$root"/fuzz/seeds/*.ppl) ;;
  data) seeds=("$root"/models/*.json "$root"/bench/posteriordb/*.json "$root"/fuzz/seeds/*.json) ;;
  fit) seeds=("$root"/fuzz/seeds/fit/*.json) ;;
  *) echo "usage: fuzz/run.sh FUZZ_BUILD_DIR program|data|fit SECONDS [WORK_DIR]" >&2; exit 2 ;;
esac
for seed in "${seeds[@]}"; do [ -f "$seed" ] && cp "$seed" "$work/seeds/"; done
status=0
"$build/${target}_fuzzer" -max_total_time="$seconds" -timeout="${PPL_FUZZ_TIMEOUT:-10}" -rss_limit_mb=4096 \
  -max_len=65536 -print_final_stats=1 -artifact_prefix="$work/" "$work/corpus" "$work/seeds" || status=$?
if [ "$status" -ne 0 ]; then
  echo "fuzz/run.sh: $target target failed (exit $status); the input is kept in $work" >&2
elif $fresh; then
  rm -rf "$work"
fi
exit "$status"
