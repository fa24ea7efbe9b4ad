#!/usr/bin/env bash
# End-to-end tests of `ppl check`: each program in programs/ names the first
# error line it must produce in its "# expect:" comment; the command must
# exit with 1 and print that line (prefixed by the file's path) first, then
# the source line and a caret. Valid models must exit with 0, also as JSON.
set -u
ppl="$1"
here="$(cd "$(dirname "$0")" && pwd)"
models="$here/../../models"
source "$here/counters.sh"

for program in "$here"/programs/*.ppl; do
  expected="$program:$(sed -n 's/^# expect: //p' "$program")"
  stderr=$("$ppl" check "$program" 2>&1 >/dev/null)
  code=$?
  first=$(printf '%s\n' "$stderr" | head -n 1)
  if [ "$code" -ne 1 ]; then fail "$program: exit code $code, expected 1"; continue; fi
  if [ "$first" != "$expected" ]; then fail "$program: got '$first', expected '$expected'"; continue; fi
  if ! printf '%s\n' "$stderr" | sed -n 3p | grep -q '\^'; then fail "$program: no caret line"; continue; fi
  pass
done

for model in "$models"/*.ppl; do
  if "$ppl" check --json "$model" | grep -q '"ok": true'; then pass; else fail "$model: --json"; fi
done

if "$ppl" check "$models/seed004_dmm.ppl" --guide "$models/seed004_dmm_guide.ppl" >/dev/null; then
  pass
else
  fail "model with a separate guide file"
fi

if "$ppl" check "$here/programs/does_not_exist.ppl" 2>/dev/null; then
  fail "a missing file must exit non-zero"
else
  pass
fi

report check_command
