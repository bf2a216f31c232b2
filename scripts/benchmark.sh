#!/usr/bin/env bash
# A benchmark (benchmarks/README.md) on a throwaway PostgreSQL 15: starts its own cluster on a free loopback
# port, runs benchmarks/bench_<name>.py with the arguments given, stops the cluster on any exit (success,
# failure or Ctrl-C) and removes its temp folder. Exit status: the benchmark's. The first argument names
# the benchmark when it does not start with "-" (default: coverage).
#
#   scripts/benchmark.sh                              coverage, county and province (the default sizes)
#   scripts/benchmark.sh --sizes county,city,province --repeat 7
#   scripts/benchmark.sh people_import                another benchmark, with its own defaults
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

bench=coverage
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
    bench=$1
    shift
fi
script="benchmarks/bench_$bench.py"
if [ ! -f "$script" ]; then
    echo "no such benchmark: $script (have: $(cd benchmarks && ls bench_*.py | sed 's/^bench_//; s/\.py$//' | xargs))" >&2
    exit 2
fi

if [ -n "${BENCH_DATABASE_URL:-}" ]; then
    DATABASE_URL=$BENCH_DATABASE_URL exec python "$script" "$@"
fi

# shellcheck source=scripts/lib/postgres.sh
. scripts/lib/postgres.sh

throwaway_tmpdir bench

cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    set +e
    pg_stop
    rm -rf "$tmp"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

pg_port=$(free_ports 1)

pg_start "$pg_port"
echo "PostgreSQL: 127.0.0.1:$pg_port (throwaway, log $pgdata/server.log)"
export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/postgres"

if [ "${BENCH_SH_ONLY_SERVICES:-}" = 1 ]; then
    psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c 'select 1'
    exit 0
fi

python "$script" "$@"
