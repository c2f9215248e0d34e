# .ci/services.sh: throw-away PostgreSQL and Redis on local ports for the
# templates' end-to-end tests. Source it, then:
#
#   start_services   # installs them from Debian when missing, starts them,
#                    # exports DATABASE_URL, REDIS_URL and PAVED_TEST_PG_DSN
#   stop_services    # stops both and removes their data (trap it on EXIT)
#
# Used by .ci/run and `make test-services`. Ports: PG_PORT (55432) and
# REDIS_PORT (56379). Nothing listens beyond 127.0.0.1.

PG_PORT=${PG_PORT:-55432}
REDIS_PORT=${REDIS_PORT:-56379}
services_dir=

pg_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

install_services() {
  local need=()
  pg_bindir >/dev/null || need+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
  [ ${#need[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "services: ${need[*]} missing; install them (apt-get install -y ${need[*]})" >&2
    return 1
  fi
  echo "services: installing ${need[*]} from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}

# as_pg runs a command as the unprivileged owner of the cluster: initdb
# refuses to run as root.
as_pg() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$pg_user" -- "$@"
  else
    "$@"
  fi
}

start_services() {
  install_services || return 1
  local bindir
  bindir=$(pg_bindir) || { echo "services: no PostgreSQL binaries under /usr/lib/postgresql" >&2; return 1; }
  pg_user=$(id -un)
  if [ "$(id -u)" = 0 ]; then
    pg_user=postgres
    id "$pg_user" >/dev/null 2>&1 || pg_user=nobody
  fi
  services_dir=$(mktemp -d "${TMPDIR:-/tmp}/paved-services.XXXXXX")
  chmod 755 "$services_dir"
  mkdir -p "$services_dir/pg" "$services_dir/redis"
  [ "$(id -u)" = 0 ] && chown "$pg_user" "$services_dir/pg"
  echo "services: PostgreSQL ($("$bindir/postgres" --version | awk '{print $3}')) on 127.0.0.1:$PG_PORT"
  as_pg "$bindir/initdb" -D "$services_dir/pg/data" -U paved --auth=trust -E UTF8 --no-sync >"$services_dir/initdb.log" 2>&1 ||
    { cat "$services_dir/initdb.log" >&2; return 1; }
  as_pg "$bindir/pg_ctl" -D "$services_dir/pg/data" -l "$services_dir/pg/postgres.log" -w -t 60 \
    -o "-p $PG_PORT -k $services_dir/pg -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null ||
    { cat "$services_dir/pg/postgres.log" >&2; return 1; }
  "$bindir/createdb" -h 127.0.0.1 -p "$PG_PORT" -U paved paved_test
  export DATABASE_URL="postgres://paved:paved@127.0.0.1:$PG_PORT/paved_test"
  export PAVED_TEST_PG_DSN="$DATABASE_URL"
  PG_BINDIR=$bindir

  echo "services: Redis ($(redis-server --version | awk '{print $3}')) on 127.0.0.1:$REDIS_PORT"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "$services_dir/redis" --pidfile "$services_dir/redis/redis.pid" --logfile "$services_dir/redis/redis.log"
  local i
  for i in $(seq 50); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  redis-cli -p "$REDIS_PORT" ping >/dev/null || { cat "$services_dir/redis/redis.log" >&2; return 1; }
  export REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
}

stop_services() {
  [ -n "$services_dir" ] || return 0
  if [ -n "${PG_BINDIR:-}" ] && [ -d "$services_dir/pg/data" ]; then
    as_pg "$PG_BINDIR/pg_ctl" -D "$services_dir/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [ -f "$services_dir/redis/redis.pid" ]; then
    kill "$(cat "$services_dir/redis/redis.pid")" 2>/dev/null || true
  fi
  rm -rf "$services_dir"
  services_dir=
}
