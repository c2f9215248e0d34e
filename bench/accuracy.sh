#!/usr/bin/env bash
# Accuracy of `paved score` on real public services, against the verdicts
# judged by reading each repository (scorecard/testdata/corpus/expectations.tsv).
#
# usage: bench/accuracy.sh [CORPUS_DIR]     (default /work/corpus, or $PAVED_CORPUS)
#
# Fetches nothing. CORPUS_DIR holds one clone per repository, named
# owner+name, checked out at the listed commit. Make it once with:
#
#   mkdir -p /work/corpus && cd /work/corpus
#   cut -f1,2 "$OLDPWD/scorecard/testdata/corpus/expectations.tsv" | grep -v '^#' | tail -n +2 | sort -u |
#   while read -r repo commit; do
#     dir=${repo/\//+}
#     [ -d "$dir" ] || git clone -q "https://github.com/$repo.git" "$dir"
#     git -C "$dir" checkout -q "$commit"
#   done
#
# Prints, per check, the wrong verdicts, then the share of expected passes
# and of expected fails that paved got right. Exit 1 below 95% of either.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
corpus=${1:-${PAVED_CORPUS:-/work/corpus}}
paved=${PAVED:-$root/bin/paved}
exp=$root/scorecard/testdata/corpus/expectations.tsv
[ -x "$paved" ] || (cd "$root" && go build -o "$paved" ./cmd/paved)
[ -d "$corpus" ] || { echo "accuracy: no corpus at $corpus (see the header of this script to make it)" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Score each (repo, subpath) once, as JSON.
grep -v '^#' "$exp" | tail -n +2 | cut -f1,3 | sort -u | while IFS=$'\t' read -r repo sub; do
	dir=$corpus/${repo/\//+}
	key=$(printf '%s' "$repo/$sub" | tr '/' '_')
	if [ ! -d "$dir" ]; then echo "missing $dir" >&2; continue; fi
	args=(score -o json "$dir")
	[ -n "$sub" ] && args+=(--subpath "$sub")
	"$paved" "${args[@]}" >"$out/$key.json" 2>/dev/null || true
done
python3 - "$exp" "$out" <<'PY'
import csv, json, os, sys
exp, out = sys.argv[1], sys.argv[2]
rows = [r for r in csv.reader(open(exp), delimiter='\t') if r and not r[0].startswith('#')][1:]
right = {'pass': 0, 'fail': 0}; total = {'pass': 0, 'fail': 0}; wrong = []
for repo, commit, sub, check, want, reason in rows:
    key = (repo + '/' + sub).replace('/', '_')
    try:
        res = json.load(open(os.path.join(out, key + '.json')))['results'][0]
        got = {c['id']: c['outcome'] for c in res['checks']}.get(check, 'missing')
    except (OSError, ValueError, IndexError):
        got = 'not scored'
    total[want] += 1
    if got == want:
        right[want] += 1
    else:
        wrong.append((check, repo + ('//' + sub if sub else ''), want, got, reason))
for check, where, want, got, reason in sorted(wrong):
    print(f"wrong  {check:20} {where:60} want {want}, got {got}  ({reason})")
ok = True
for k in ('pass', 'fail'):
    pct = 100.0 * right[k] / total[k] if total[k] else 100.0
    ok &= pct >= 95
    print(f"expected {k}: {right[k]}/{total[k]} right ({pct:.1f}%)")
sys.exit(0 if ok else 1)
PY
