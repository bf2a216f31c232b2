#!/usr/bin/env bash
# Restores a dump made by scripts/backup.sh into the database named by DATABASE_URL: its tables are replaced by
# the dump's, in one transaction (a failure changes nothing). Stop web, worker and beat first.
#
#   scripts/restore.sh backups/red_engine-2026-12-01-0230.dump
#
# For a restore drill, point DATABASE_URL at an empty scratch database (createdb), restore, and compare row counts
# and the dashboard figures with the original (tests/core/test_backup.py does exactly that).
set -euo pipefail

dump=${1:?"用法 / usage: scripts/restore.sh FILE.dump"}
: "${DATABASE_URL:?DATABASE_URL 未设置 / DATABASE_URL is required}"
[ -r "$dump" ] || { echo "restore.sh: 找不到备份文件 $dump / dump not found" >&2; exit 1; }

pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
    --dbname="$DATABASE_URL" "$dump"
echo "已恢复 / restored: $dump"
