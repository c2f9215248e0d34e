#!/usr/bin/env bash
# Runs every Go fuzz target of the module for FUZZTIME each (default 5s):
# the committed corpus under testdata/fuzz is replayed by `go test` anyway;
# this adds a short search for new crashers. A crasher fails the run and is
# written to the package's testdata/fuzz/FuzzXxx folder, ready to commit as
# a regression case.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime="${FUZZTIME:-5s}"
status=0
while IFS=: read -r file name; do
  pkg="./$(dirname "$file")"
  echo "== $pkg $name ($fuzztime)"
  if ! go test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" "$pkg" >/tmp/paved-fuzz.log 2>&1; then
    cat /tmp/paved-fuzz.log
    status=1
  else
    tail -1 /tmp/paved-fuzz.log
  fi
done < <(git grep -o '^func Fuzz[A-Za-z0-9_]*' -- '*_test.go' | sed 's/:func /:/' | sort -u)
exit $status
