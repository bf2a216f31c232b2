#!/usr/bin/env bash
# The coverage benchmark (benchmarks/README.md) on a throwaway PostgreSQL 15: starts its own cluster on a
# free loopback port, runs benchmarks/bench_coverage.py with the arguments given, stops the cluster on any
# exit (success, failure or Ctrl-C) and removes its temp folder. Exit status: the benchmark's.
#
#   scripts/benchmark.sh                              county and province (the default sizes)
#   scripts/benchmark.sh --sizes county,city,province --repeat 7
#   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres scripts/benchmark.sh
#                                                     use that server instead (the benchmark creates,
#                                                     uses and drops its own database there)
#   BENCH_SH_ONLY_SERVICES=1 scripts/benchmark.sh     only start PostgreSQL, check it answers, stop it
#
# The throwaway cluster keeps PostgreSQL's defaults (so jit=on, work_mem=4MB: the conservative case;
# docker-compose.yml turns jit off) except durability, which only slows down generating the data.
# PG_BINDIR overrides where the PostgreSQL server programs are (/usr/lib/postgresql/15/bin).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD

if [ ! -x "$root/.venv/bin/python" ]; then
    scripts/install.sh --dev
fi
export PATH="$root/.venv/bin:$PATH"
export VIRTUAL_ENV="$root/.venv"

if [ -n "${BENCH_DATABASE_URL:-}" ]; then
    DATABASE_URL=$BENCH_DATABASE_URL exec python benchmarks/bench_coverage.py "$@"
fi

pg_bindir=${PG_BINDIR:-/usr/lib/postgresql/15/bin}

# Runs a PostgreSQL program; as root, as the postgres user (initdb and postgres refuse root),
# from the temp folder so that the postgres user can always read its working directory.
pg() {
    local prog=$1
    shift
    if [ -x "$pg_bindir/$prog" ]; then
        prog="$pg_bindir/$prog"
    fi
    if [ "$(id -u)" = 0 ]; then
        (cd "$tmp" && runuser -u postgres -- "$prog" "$@")
    else
        (cd "$tmp" && "$prog" "$@")
    fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/red-engine-bench.XXXXXX")
chmod 755 "$tmp" # mktemp makes it 0700; the postgres user must reach its folders inside
if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$tmp"; then
    # A TMPDIR under a private folder (e.g. /root): the postgres user cannot get in; use /tmp.
    rmdir "$tmp"
    tmp=$(mktemp -d /tmp/red-engine-bench.XXXXXX)
    chmod 755 "$tmp"
fi
pgdata=$tmp/pgdata
pgsock=$tmp/pgsock

cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    set +e
    if [ -f "$pgdata/postmaster.pid" ]; then
        pg pg_ctl stop -D "$pgdata" -m immediate -s >/dev/null 2>&1
        # pg_ctl waits for the pid file to go; if it is still there, the server did not stop.
        local pgpid
        pgpid=$(head -n 1 "$pgdata/postmaster.pid" 2>/dev/null)
        if [ -n "$pgpid" ] && [ "$(cat "/proc/$pgpid/comm" 2>/dev/null)" = postgres ]; then
            kill -KILL "$pgpid"
        fi
    fi
    rm -rf "$tmp"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

pg_port=$(python - <<'PY'
import socket

with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
PY
)

mkdir "$pgdata" "$pgsock"
chmod 700 "$pgdata"
if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$pgdata" "$pgsock"
fi
if ! pg initdb -D "$pgdata" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1; then
    cat "$tmp/initdb.log" >&2
    exit 1
fi
cat >>"$pgdata/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$pgsock'
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
if ! pg pg_ctl start -D "$pgdata" -l "$pgdata/server.log" -w -t 60 -s; then
    tail -n 50 "$pgdata/server.log" >&2
    exit 1
fi
echo "PostgreSQL: 127.0.0.1:$pg_port (throwaway, log $pgdata/server.log)"
export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/postgres"

if [ "${BENCH_SH_ONLY_SERVICES:-}" = 1 ]; then
    psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c 'select 1'
    exit 0
fi

python benchmarks/bench_coverage.py "$@"
