#!/usr/bin/env bash
# The catalogue of bad inputs: each *.case file below this folder is one
# mistake a user can make (a program, a data file, an option, a path, a
# numerical edge), with the exit code and the message lines ppl must give.
#
#   # why this input is bad (comment lines start with '#')
#   command: check model.ppl --data data.json   (arguments of ppl, run in a
#                                                 fresh folder holding the files)
#   exit: 1
#   expect: model.ppl:3:7: error: ...            (each line must appear in the
#   expect: did you mean 'sigma'?                 output, standard error first)
#   --- model.ppl                                (a file, up to the next ---)
#   model { ... }
#   --- bytes.ppl escaped                        (the same, with printf's \xHH,
#   ...                                           \n and \t escapes expanded)
#
#   tests/bad_inputs/run.sh PPL [CASE...]
set -u
ppl=$(realpath "$1"); shift
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../cli/counters.sh"
if [ $# -gt 0 ]; then cases=("$@"); else mapfile -t cases < <(find "$here" -name '*.case' | sort); fi
scratch="$work"

for case_file in "${cases[@]}"; do
  name=${case_file#"$here"/}
  work="$scratch/${name//\//_}"
  mkdir -p "$work"
  # Split the case into its header and its files.
  awk -v dir="$work" '
    /^--- / { file = dir "/" $2; escaped = ($3 == "escaped"); if (escaped) file = file ".escaped";
              folder = file; sub(/\/[^\/]*$/, "", folder); system("mkdir -p \"" folder "\"");
              printf "" > file; next }
    file == "" { print > (dir "/.header"); next }
    { print >> file }
  ' "$case_file"
  for escaped in "$work"/*.escaped; do
    [ -e "$escaped" ] || continue
    printf '%b' "$(cat "$escaped")" > "${escaped%.escaped}"
    rm "$escaped"
  done
  command=$(sed -n 's/^command: //p' "$work/.header")
  want_exit=$(sed -n 's/^exit: //p' "$work/.header")
  if [ -z "$command" ] || [ -z "$want_exit" ]; then fail "$name: no command: or exit: line"; continue; fi
  (cd "$work" && eval "timeout 60 \"$ppl\" $command") >"$work/.stdout" 2>"$work/.stderr" </dev/null
  got_exit=$?
  cat "$work/.stderr" "$work/.stdout" > "$work/.output"
  ok=true
  if [ "$got_exit" != "$want_exit" ]; then
    fail "$name: exit $got_exit, expected $want_exit"; ok=false
  fi
  while IFS= read -r line; do
    if ! grep -qF -- "$line" "$work/.output"; then fail "$name: no '$line'"; ok=false; fi
  done < <(sed -n 's/^expect: //p' "$work/.header")
  if $ok; then pass; else sed 's/^/    | /' "$work/.output" | head -n 20; fi
done
report "bad inputs"
