#!/usr/bin/env bash
# Benchmarks for `paved score` against the floors the issue sets:
#
#   large  a generated 30,000-file repository vs `git ls-files | xargs grep -E`
#   real   a real ~1,700-file repository (golang.org/x/tools from the module
#          cache, or REAL_REPO=DIR) vs `rg` (apt-get install ripgrep)
#   fleet  200 small repositories with -j 1 and -j 2
#
# usage: bench/score.sh [large|real|fleet]...   (default: all three)
# Prints wall-clock and CPU (user+sys) medians of RUNS runs (default 5).
# Build first: make build (uses bin/paved, or PAVED=path).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
paved=${PAVED:-$root/bin/paved}
runs=${RUNS:-5}
work=${BENCH_DIR:-${TMPDIR:-/tmp}/paved-bench}
mkdir -p "$work"
[ -x "$paved" ] || (cd "$root" && go build -o "$paved" ./cmd/paved)

# measure NAME CMD...: median wall and CPU seconds over $runs runs (after one warm-up).
measure() {
	local name=$1; shift
	"$@" >/dev/null 2>&1 || true
	local walls=() cpus=()
	for _ in $(seq "$runs"); do
		/usr/bin/time -o "$work/time" -f '%e %U %S' "$@" >/dev/null 2>&1 || true
		read -r w u s < <(tail -1 "$work/time")
		walls+=("$w"); cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')")
	done
	local mw mc
	mw=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
	mc=$(printf '%s\n' "${cpus[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
	printf '%-44s wall %6.2fs  cpu %6.2fs\n' "$name" "$mw" "$mc"
}

gitrepo() { # gitrepo DIR: commit everything in DIR (the fixture only; paved itself uses go-git)
	(cd "$1" && git init -q -b main && git add -A && git -c user.name=bench -c user.email=bench@paved.dev commit -q -m bench)
}

pattern='/(healthz|readyz|livez|health)\b|SIGTERM|/metrics\b'

large() {
	local dir=$work/large
	if [ ! -d "$dir/.git" ]; then
		rm -rf "$dir"; mkdir -p "$dir"
		python3 "$here/score_gen.py" "$dir" 30000
		gitrepo "$dir"
	fi
	echo "== 30,000-file repository ($(du -sh --exclude=.git "$dir" | cut -f1))"
	measure "git ls-files | xargs grep -E (floor)" sh -c "cd '$dir' && git ls-files -z | xargs -0 grep -E -l '$pattern'"
	measure "paved score (production-readiness)" "$paved" score "$dir"
}

real() {
	local src=${REAL_REPO:-$(go env GOMODCACHE)/golang.org/x/tools@v0.52.0}
	local dir=$work/real
	if [ ! -d "$dir/.git" ]; then
		rm -rf "$dir"; cp -r "$src" "$dir"; chmod -R u+w "$dir"
		gitrepo "$dir"
	fi
	command -v rg >/dev/null || { echo "real: rg not found (apt-get install ripgrep)"; return; }
	echo "== real repository: $(basename "$src"), $(cd "$dir" && git ls-files | wc -l) files"
	measure "rg -l (one pattern)" rg -l -e "$pattern" "$dir"
	measure "paved score (production-readiness)" "$paved" score "$dir"
}

fleet() {
	local dir=$work/fleet
	if [ ! -d "$dir/repo199/.git" ]; then
		rm -rf "$dir"; mkdir -p "$dir"
		for i in $(seq 0 199); do
			python3 "$here/score_gen.py" "$dir/repo$i" 60 "$i"
			gitrepo "$dir/repo$i"
		done
	fi
	echo "== fleet of 200 small repositories (60 files each)"
	measure "paved score -j 1 (200 repos)" "$paved" score -j 1 "$dir"/repo*
	measure "paved score -j 2 (200 repos)" "$paved" score -j 2 "$dir"/repo*
}

for b in "${@:-large real fleet}"; do
	for one in $b; do "$one"; done
done
