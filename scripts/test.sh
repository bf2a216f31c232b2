#!/usr/bin/env bash
# The whole check, as CI runs it (.ci/run calls this and nothing else). Starts its own throwaway
# PostgreSQL 15 and Redis on free loopback ports, runs every step, stops them again on any exit
# (success, failure or Ctrl-C) and removes its temp folder.
#
#   scripts/test.sh                       everything
#   scripts/test.sh tests/core -x         extra arguments are passed to pytest
#   TEST_SH_ONLY_SERVICES=1 scripts/test.sh
#                                         only start PostgreSQL and Redis, check that both answer
#                                         (psql 'select 1', redis-cli ping), stop them and exit:
#                                         a quick check of this script's own plumbing
#
# Steps, failing fast: ruff check, ruff format --check, makemigrations --check, check --deploy
# (production settings), pytest, then the embedded-default smoke pass (SQLite, no broker:
# migrate, load_demo twice, smoke), the path scripts/run.sh takes.
# PG_BINDIR overrides where the PostgreSQL server programs are (/usr/lib/postgresql/15/bin).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
started=$SECONDS
current_step=""

section() {
    current_step=$1
    printf '\n==> %s\n' "$1"
}

# --- Tools -----------------------------------------------------------------------------------
section "Install (scripts/install.sh --dev)"
scripts/install.sh --dev
export PATH="$root/.venv/bin:$PATH"
export VIRTUAL_ENV="$root/.venv"

# shellcheck source=scripts/lib/postgres.sh
. scripts/lib/postgres.sh

# --- Temp folder and cleanup -----------------------------------------------------------------
throwaway_tmpdir test
redis_pidfile=$tmp/redis.pid

cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    set +e
    pg_stop
    if [ -f "$redis_pidfile" ]; then
        local rpid
        rpid=$(cat "$redis_pidfile")
        kill "$rpid" 2>/dev/null
        for _ in $(seq 50); do
            kill -0 "$rpid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$rpid" 2>/dev/null
    fi
    rm -rf "$tmp"
    if [ "$rc" != 0 ]; then
        printf '\ntest.sh: FAILED at step "%s" (exit %s)\n' "$current_step" "$rc" >&2
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# --- PostgreSQL and Redis --------------------------------------------------------------------
section "Start PostgreSQL and Redis"
# Two distinct free ports, both held open while they are picked.
read -r pg_port redis_port <<<"$(free_ports 2)"

pg_start "$pg_port" "jit = off"
db=red_engine
pg createdb -h 127.0.0.1 -p "$pg_port" -U postgres "$db"
echo "PostgreSQL: 127.0.0.1:$pg_port (database $db, log $pgdata/server.log)"

redis-server --bind 127.0.0.1 --port "$redis_port" --daemonize yes \
    --pidfile "$redis_pidfile" --dir "$tmp" --logfile "$tmp/redis.log" \
    --save '' --appendonly no
redis_up=0
for _ in $(seq 100); do
    if [ "$(redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null)" = PONG ] && [ -s "$redis_pidfile" ]; then
        redis_up=1
        break
    fi
    sleep 0.1
done
if [ "$redis_up" != 1 ]; then
    cat "$tmp/redis.log" >&2
    echo "test.sh: redis-server did not answer on 127.0.0.1:$redis_port" >&2
    exit 1
fi
echo "Redis: 127.0.0.1:$redis_port"

export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/$db"
export CELERY_BROKER_URL="redis://127.0.0.1:$redis_port/0"

if [ "${TEST_SH_ONLY_SERVICES:-}" = 1 ]; then
    section "Services answer (TEST_SH_ONLY_SERVICES=1)"
    psql -h 127.0.0.1 -p "$pg_port" -U postgres -d "$db" -c 'select 1'
    redis-cli -h 127.0.0.1 -p "$redis_port" ping
    exit 0
fi

# --- Steps -----------------------------------------------------------------------------------
section "ruff check"
ruff check .

section "ruff format --check"
ruff format --check .

export DJANGO_SETTINGS_MODULE=config.settings.test
export CELERY_TASK_ALWAYS_EAGER=true

section "makemigrations --check (config.settings.test)"
python manage.py makemigrations --check --dry-run

section "check --deploy (config.settings.production)"
env -u CELERY_TASK_ALWAYS_EAGER \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    DJANGO_SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(48))')" \
    DJANGO_ALLOWED_HOSTS=portal.example.gov.cn \
    DJANGO_CSRF_TRUSTED_ORIGINS=https://portal.example.gov.cn \
    SITE_URL=https://portal.example.gov.cn \
    python manage.py check --deploy --fail-level WARNING

section "OpenAPI schema (drf-spectacular --validate, warnings fail)"
python manage.py spectacular --validate --fail-on-warn --file "$tmp/openapi.yaml"

section "pytest${*:+ $*}"
# Browser tests drive Django's live_server from playwright's event loop.
export DJANGO_ALLOW_ASYNC_UNSAFE=true
color=()
if [ -t 1 ]; then
    color=(--color=yes) # keep colours on a terminal although the output goes through tee
fi
pytest_rc=0
python -m pytest "${color[@]}" "$@" 2>&1 | tee "$tmp/pytest.log" || pytest_rc=$?
if [ "$pytest_rc" = 5 ]; then
    echo "test.sh: pytest collected no tests; that counts as a failure" >&2
    exit 1
elif [ "$pytest_rc" != 0 ]; then
    exit "$pytest_rc"
fi
# pytest's closing line, e.g. "=== 120 passed, 3 skipped in 41.2s ===", for the summary below.
pytest_summary=$(sed 's/\x1b\[[0-9;]*m//g' "$tmp/pytest.log" | grep -E '^=+ .* in [0-9.]+s' | tail -n 1 || true)
count_of() { grep -oE "[0-9]+ $1" <<<"$pytest_summary" | cut -d' ' -f1 || echo 0; }

# The embedded default, as scripts/run.sh starts it: SQLite, no broker, tasks in process.
unset DATABASE_URL CELERY_BROKER_URL CELERY_TASK_ALWAYS_EAGER DJANGO_ALLOW_ASYNC_UNSAFE
export DJANGO_SETTINGS_MODULE=config.settings.local
export SQLITE_PATH="$tmp/smoke.sqlite3"

section "smoke: migrate (config.settings.local, SQLite)"
python manage.py migrate --noinput

section "smoke: load_demo (first run)"
python manage.py load_demo

section "smoke: load_demo (second run: must be idempotent)"
python manage.py load_demo

section "smoke: every top-level page as each demo user"
python manage.py smoke

current_step=""
printf '\n==> Summary\n'
echo "test.sh: all steps passed in $((SECONDS - started)) s"
if [ -n "$pytest_summary" ]; then
    echo "pytest: $(count_of passed) passed, 0 failed, $(count_of skipped) skipped"
fi
