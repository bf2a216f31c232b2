#!/usr/bin/env bash
# Backs up the database named by DATABASE_URL into one compressed custom-format dump (pg_dump -Fc), safe to
# run while the portal is in use, and checks that the dump reads back.
#
#   scripts/backup.sh                              backups/red_engine-YYYY-MM-DD-HHMM.dump
#   scripts/backup.sh /srv/red-engine-backups/x.dump
#
# Restore with scripts/restore.sh; docs/deploy.md (section 4) has the schedule and the restore drill.
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL 未设置 / DATABASE_URL is required}"
out=${1:-backups/red_engine-$(date +%F-%H%M).dump}
mkdir -p "$(dirname "$out")"

# Written under another name first: an interrupted backup never leaves a file that looks complete.
pg_dump --format=custom --no-owner --no-privileges --file="$out.partial" --dbname="$DATABASE_URL"
pg_restore --list "$out.partial" >/dev/null
mv "$out.partial" "$out"
echo "$out"
