# What the end-to-end scripts share: each runs as `script.sh PPL`, finds
# its folder and sources this file, which sets $ppl (the binary), $models
# (models/) and $work (a scratch folder removed at exit). Then it calls
# pass or fail "what went wrong" per check, and ends with `report NAME`,
# which prints the counts and fails when any check did. expect_code and
# expect_text check a command's exit code and a text in a file.
#   here="$(cd "$(dirname "$0")" && pwd)"
#   source "$here/counters.sh"
set -u
ppl="${ppl:-${1:-}}"  # a script may set it first (tests/bad_inputs/run.sh)
models="$here/../../models"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
report() {
  echo "$1: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
# A command's exit code and a text in a file, for scripts that set $work.
expect_code() {  # expected-code description command...
  local want="$1" what="$2"; shift 2
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [ "$got" -eq "$want" ]; then pass; else fail "$what: exit $got, expected $want"; cat "$work/err"; fi
}
expect_text() {  # file text description
  if grep -qF -- "$2" "$1"; then pass; else fail "$3: no '$2' in $(head -c 400 "$1")"; fi
}
