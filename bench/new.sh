#!/usr/bin/env bash
# bench/new.sh: how long `paved new` takes as a whole process, against
# `cp -r` of the already-rendered tree and against paved's start-up alone.
#
# The template has the shape issue 2 fixes: 60 files, 40 rendered with about
# 500 template actions in all, about 150 KB (the same shape as
# BenchmarkRender in internal/scaffold). Target: paved new <= 4x cp -r,
# medians over many warm runs.
#
#   bench/new.sh            # 50 runs each (RUNS=200 bench/new.sh for more)
#
# On a busy machine wall times swing; the CPU time (user+system) printed
# with hyperfine is the steadier figure. Both paved and cp create 61 files
# right after `rm -rf` removed the previous 61, and ext4's inode allocator
# then skips recently deleted inodes: that cost swings with the file
# system's state (cp -r alone ranges from 5 to 40 ms here), so run it more
# than once.
#
# Uses hyperfine when installed (apt-get install hyperfine), else a loop
# that reports the median.
set -euo pipefail

RUNS=${RUNS:-50}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/paved-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "building paved..." >&2
(cd "$root" && CGO_ENABLED=0 go build ${GO_BUILD_FLAGS:-} -trimpath -ldflags '-s -w' -o "$work/paved" ./cmd/paved)
paved="$work/paved"

# --- the template ----------------------------------------------------------
tpl="$work/tpl"
mkdir -p "$tpl/skeleton/assets"
cat >"$tpl/template.yaml" <<'EOF'
apiVersion: paved.dev/v1alpha1
kind: Template
metadata:
  name: bench-service
spec:
  version: 1.0.0
  parameters:
    - name: name
      required: true
    - name: owner
      required: true
    - name: description
      default: 'The {{ .Values.name }} service'
    - name: port
      type: int
      default: 8080
    - name: tracing
      type: bool
      default: true
    - name: tags
      type: multiselect
      options: [http, node, payments]
      default: [http, node, payments]
EOF
filler=$(for _ in $(seq 40); do echo "// filler line that a real source file would hold, about sixty bytes"; done)
for i in $(seq 0 39); do
  dir="$tpl/skeleton/src/mod$((i % 8))"
  mkdir -p "$dir"
  {
    echo "// {{ .Values.name }} file $i, owned by {{ .Values.owner }}"
    echo "{{- if .Values.tracing }}"
    echo "import tracing from './tracing'; // {{ .Values.name | upper }}"
    echo "{{- end }}"
    echo '{{ range $i, $t := .Values.tags }}// tag {{ $i }}: {{ $t | quote }}'
    echo '{{ end }}export const port = {{ .Values.port }}; // {{ .Values.description | trunc 40 }}'
    echo 'export const service = {{ .Values.name | kebabcase | quote }}; // {{ .Template.Name }}@{{ .Template.Version }}'
    echo "$filler"
  } >"$dir/{{.Values.name}}-$i.ts.tmpl"
done
static=$(for _ in $(seq 20); do echo 'static content copied byte for byte: ${{ github.sha }} {{ not a template }}'; done)
for i in $(seq 0 19); do echo "$static" >"$tpl/skeleton/assets/static-$i.txt"; done

files=$(find "$tpl/skeleton" -type f | wc -l)
bytes=$(find "$tpl/skeleton" -type f -exec cat {} + | wc -c)
actions=$(grep -o '{{' -r "$tpl/skeleton/src" | wc -l)
echo "template: $files files ($(find "$tpl/skeleton" -name '*.tmpl' | wc -l) rendered, $actions actions), $bytes bytes" >&2

new=("$paved" new "$tpl" --dir "$work/out" --yes --no-git --no-hooks --no-register --set name=orders --set owner=group:payments)
"${new[@]}" >/dev/null
mv "$work/out" "$work/rendered"
echo "rendered: $(find "$work/rendered" -type f | wc -l) files, $(du -sk "$work/rendered" | cut -f1) KB on disk" >&2

# --- timing ------------------------------------------------------------------
cd "$work"
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 5 --runs "$RUNS" --export-json "$work/h.json" \
    --prepare 'rm -rf out' -n 'paved new' "${new[*]}" \
    --prepare 'rm -rf out' -n 'cp -r' "cp -r rendered out" \
    --prepare 'true' -n 'paved version' "$paved version"
  stat() { python3 -c "import json,sys; r=[x for x in json.load(open('$work/h.json'))['results'] if x['command']==sys.argv[1]][0]; k=sys.argv[2]; print(r[k]*1000 if k in ('median','min') else (r['user']+r['system'])*1000)" "$1" "$2"; }
  p=$(stat 'paved new' median); c=$(stat 'cp -r' median); v=$(stat 'paved version' median)
  printf 'mean CPU (user+sys)  paved new: %6.1f ms   cp -r: %6.1f ms   paved version: %6.1f ms\n' \
    "$(stat 'paved new' cpu)" "$(stat 'cp -r' cpu)" "$(stat 'paved version' cpu)"
  printf 'min                  paved new: %6.1f ms   cp -r: %6.1f ms   paved version: %6.1f ms\n' \
    "$(stat 'paved new' min)" "$(stat 'cp -r' min)" "$(stat 'paved version' min)"
else
  # median of RUNS runs, in milliseconds
  measure() {
    local prep=$1; shift
    local t=()
    for _ in $(seq 5); do eval "$prep"; "$@" >/dev/null; done
    for _ in $(seq "$RUNS"); do
      eval "$prep"
      local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N)
      t+=($(((e - s) / 1000)))
    done
    printf '%s\n' "${t[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]/1000}'
  }
  p=$(measure 'rm -rf out' "${new[@]}")
  c=$(measure 'rm -rf out' cp -r rendered out)
  v=$(measure 'true' "$paved" version)
fi
echo
printf 'median  paved new: %6.1f ms   cp -r: %6.1f ms   paved version: %6.1f ms\n' "$p" "$c" "$v"
awk -v p="$p" -v c="$c" 'BEGIN { r = p / c; printf "paved new / cp -r = %.2fx (target <= 4x): %s\n", r, (r <= 4 ? "ok" : "OVER") }'
