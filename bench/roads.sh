#!/usr/bin/env bash
# bench/roads.sh: each paved road against its bare framework, on the same
# machine in the same run, and the ratios the template READMEs promise:
#
#   express-service example route >= 50% of bare Express 5's requests/s, p99 <= 2x
#   go-service example route      >= 70% of bare net/http's requests/s
#
# The roads run as in production: NODE_ENV=production, JSON access logs
# written to a file, tracing on with the OTLP exporter sending to a local
# receiver (bench/otlpsink), metrics on. Express is loaded by autocannon
# (from npm), Go by bench/load (autocannon would be the bottleneck there).
# Client and server share the machine's cores: compare ratios, not absolutes.
#
#   bench/roads.sh                 # 10 s per run, 50 connections
#   DUR=5 CONNS=20 bench/roads.sh
#   WORK=/tmp/roads bench/roads.sh # keep (and reuse) the generated services
#   ONLY=express bench/roads.sh    # or ONLY=go
#
# With DATABASE_URL and REDIS_URL set (as .ci/run exports them) it also runs
# express-service generated with database=postgres cache=redis.
# Exits 1 when a ratio misses its budget (BUDGET=0 only reports).
set -euo pipefail

DUR=${DUR:-10}
CONNS=${CONNS:-50}
ONLY=${ONLY:-all}
BUDGET=${BUDGET:-1}
root=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "${WORK:-}" ]; then
  work=$WORK
  mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/paved-roads.XXXXXX")
  trap 'rm -rf "$work"' EXIT
fi
pids=()
cleanup_pids() { for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; }
trap 'cleanup_pids; [ -z "${WORK:-}" ] && rm -rf "$work"' EXIT

export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
export XDG_DATA_HOME=$work/xdg NO_COLOR=1 npm_config_fund=false npm_config_update_notifier=false

echo "building paved and the bench tools..." >&2
(cd "$root" && go build -o "$work/bin/" ./cmd/paved ./bench/otlpsink ./bench/load ./bench/barehttp)
paved=$work/bin/paved

if [ ! -x "$work/tools/node_modules/.bin/autocannon" ]; then
  echo "installing autocannon from npm..." >&2
  mkdir -p "$work/tools"
  (cd "$work/tools" && echo '{"private":true}' >package.json && npm install --no-audit --no-fund --silent autocannon@8.0.0 >/dev/null)
fi
autocannon=$work/tools/node_modules/.bin/autocannon

# generate NAME TEMPLATE --set ... : paved new once, reused with WORK=.
generate() {
  local name=$1 template=$2
  shift 2
  local args=()
  for s in "$@"; do args+=(--set "$s"); done
  if [ ! -d "$work/$name" ]; then
    echo "generating $name ($template $*)..." >&2
    "$paved" new "$template" --yes --no-git --no-register --dir "$work/$name" \
      --set name="$name" --set owner=group:bench "${args[@]}" >"$work/$name.new.log" 2>&1 ||
      { cat "$work/$name.new.log" >&2; exit 1; }
  fi
}

wait_port() {
  local port=$1
  for _ in $(seq 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nothing listens on 127.0.0.1:$port" >&2
  return 1
}

# start LOG CMD... : runs a server in the background, remembers its pid.
start() {
  local log=$1
  shift
  "$@" >"$log" 2>&1 &
  server=$!
  pids+=("$server")
}

stop() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
}

# measure TOOL PORT PATH -> "rps p99_ms"
measure() {
  local tool=$1 port=$2 path=$3 url="http://127.0.0.1:$2$3"
  wait_port "$port"
  if [ "$tool" = autocannon ]; then
    "$autocannon" -c "$CONNS" -d 2 "$url" >/dev/null 2>&1 # warm-up: JIT, pools
    "$autocannon" -j -c "$CONNS" -d "$DUR" "$url" 2>/dev/null |
      node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);if(r.non2xx||r.errors)console.error(`  ${r.non2xx} non-2xx, ${r.errors} errors`);console.log(r.requests.average, r.latency.p99)})'
  else
    "$work/bin/load" -c "$CONNS" -d 2s "$url" >/dev/null
    "$work/bin/load" -c "$CONNS" -d "${DUR}s" "$url" |
      node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);if(r.non2xx||r.errors)console.error(`  ${r.non2xx} non-2xx, ${r.errors} errors`);console.log(r.rps.toFixed(0), r.p99_ms)})'
  fi
}

results=()
failed=0
# compare LABEL BARE_RPS BARE_P99 ROAD_RPS ROAD_P99 MIN_RATIO MAX_P99_FACTOR
compare() {
  local line
  line=$(node -e '
    const [label, br, bp, rr, rp, minRatio, maxP99] = process.argv.slice(1);
    const ratio = rr / br, p99 = rp / Math.max(bp, 0.001);
    const ok = ratio >= +minRatio && (maxP99 === "-" || p99 <= +maxP99);
    console.log(`${label.padEnd(34)} bare ${(+br).toFixed(0).padStart(6)} req/s p99 ${bp.padStart(4)} ms | road ${(+rr).toFixed(0).padStart(6)} req/s p99 ${rp.padStart(4)} ms | ${(ratio * 100).toFixed(0)}% of bare (budget ${minRatio * 100}%), p99 ${p99.toFixed(1)}x${maxP99 === "-" ? "" : ` (budget ${maxP99}x)`} ${ok ? "ok" : "MISSED"}`);
  ' "$@")
  results+=("$line")
  echo "$line"
  case $line in *MISSED) failed=1 ;; esac
}

start "$work/otlpsink.log" "$work/bin/otlpsink" -addr 127.0.0.1:4318
sink=$server
export OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318

express_road() { # NAME PORT [KEY=VALUE...]
  local name=$1 port=$2
  shift 2
  (cd "$work/$name" && [ -f dist/server.js ] || npm run build --silent >/dev/null)
  start "$work/$name.log" env NODE_ENV=production LOG_LEVEL=info PORT="$port" HOST=127.0.0.1 "$@" \
    node --require "$work/$name/dist/instrumentation.js" "$work/$name/dist/server.js"
}

if [ "$ONLY" = all ] || [ "$ONLY" = express ]; then
  generate expr express-service
  cat >"$work/bare-express.js" <<'EOF'
// Bare Express 5: the example route's answer and nothing else.
const express = require(`${process.argv[2]}/node_modules/express`);
const app = express();
app.get('/v1/greetings/:name', (req, res) => res.json({ message: `Hello, ${req.params.name}!` }));
app.listen(Number(process.argv[3]), '127.0.0.1');
EOF
  start "$work/bare-express.log" node "$work/bare-express.js" "$work/expr" 18080
  read -r bare_rps bare_p99 < <(measure autocannon 18080 /v1/greetings/world)
  stop
  express_road expr 18090
  read -r road_rps road_p99 < <(measure autocannon 18090 /v1/greetings/world)
  stop
  compare "express-service (defaults)" "$bare_rps" "$bare_p99" "$road_rps" "$road_p99" 0.5 2
  echo "  access log: $(wc -l <"$work/expr.log") lines, $(($(wc -c <"$work/expr.log") / $(wc -l <"$work/expr.log"))) bytes a line" >&2

  if [ -n "${DATABASE_URL:-}" ] && [ -n "${REDIS_URL:-}" ]; then
    generate exprpg express-service database=postgres cache=redis
    express_road exprpg 18091 DATABASE_URL="$DATABASE_URL" REDIS_URL="$REDIS_URL"
    read -r pg_rps pg_p99 < <(measure autocannon 18091 /v1/greetings/world)
    stop
    compare "express-service (postgres, redis)" "$bare_rps" "$bare_p99" "$pg_rps" "$pg_p99" 0.5 2
  else
    echo "express-service (postgres, redis): skipped, set DATABASE_URL and REDIS_URL (.ci/run does)" >&2
  fi
fi

if [ "$ONLY" = all ] || [ "$ONLY" = go ]; then
  generate gosvc go-service
  (cd "$work/gosvc" && go build -o "$work/bin/gosvc" ./cmd/gosvc)
  start "$work/barehttp.log" "$work/bin/barehttp" -addr 127.0.0.1:18081
  read -r bare_rps bare_p99 < <(measure load 18081 /v1/greetings/world)
  stop
  start "$work/gosvc.log" env PORT=18092 HOST=127.0.0.1 LOG_LEVEL=info "$work/bin/gosvc"
  read -r road_rps road_p99 < <(measure load 18092 /v1/greetings/world)
  stop
  compare "go-service (defaults)" "$bare_rps" "$bare_p99" "$road_rps" "$road_p99" 0.7 -
fi

kill "$sink" 2>/dev/null || true
wait "$sink" 2>/dev/null || true
echo
echo "== $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), ${DUR}s x ${CONNS} connections, OTLP export on ($(tail -1 "$work/otlpsink.log"))"
for r in "${results[@]}"; do echo "$r"; done
if [ "$failed" = 1 ] && [ "$BUDGET" = 1 ]; then exit 1; fi
