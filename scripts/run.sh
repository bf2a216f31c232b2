#!/usr/bin/env bash
# Starts the portal on this one machine, the embedded way: SQLite database, background tasks run
# in process, no PostgreSQL or Redis needed. For a county's trial or a single-office install.
#
#   scripts/run.sh                 serves http://127.0.0.1:8000/
#   PORT=8080 scripts/run.sh       another port
#
# Safe to run again: migrate and load_demo are idempotent; static files are served from the apps. Stop with Ctrl-C.
# For a real deployment (PostgreSQL, Redis, Celery workers, HTTPS) see docs/deploy.md.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/install.sh

export PATH="$PWD/.venv/bin:$PATH"
export DJANGO_SETTINGS_MODULE=config.settings.local
# Embedded default: without these the settings fall back to SQLite and in-process tasks.
unset DATABASE_URL CELERY_BROKER_URL CELERY_TASK_ALWAYS_EAGER

port=${PORT:-8000}
case "$port" in
    '' | *[!0-9]*) echo "run.sh: PORT must be a number, got '$port'" >&2; exit 2 ;;
esac
if ! python - "$port" <<'PY'; then
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn: TIME_WAIT is no obstacle
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
PY
    echo "run.sh: 端口 $port 已被占用（portal already running?）。换一个端口：PORT=8081 scripts/run.sh" >&2
    exit 1
fi

python manage.py migrate --noinput
python manage.py load_demo
# Work cut off when the portal last stopped (tasks run inside it here) is requeued and finished now.
python manage.py jobs_sweep --stopped

cat <<MSG

  红色引擎已就绪 / portal ready:  http://127.0.0.1:$port/
  （按 Ctrl-C 停止 / Ctrl-C to stop）

MSG
exec gunicorn config.wsgi:application \
    --bind "127.0.0.1:$port" --workers 2 --timeout 300 --access-logfile - --no-control-socket
