#!/usr/bin/env bash
# Restores a dump made by backup.sh into the Parley database, replacing what is there.
#   scripts/restore.sh backups/parley-20260101T000000Z.dump --yes
# Stop the app first (pm2 stop parley) in external mode; in embedded mode keep it running so
# its Postgres is up, then restart it afterwards (pm2 restart parley).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f .env ]; then set -a; . ./.env; set +a; fi
file="${1:-}"
[ -n "$file" ] && [ -f "$file" ] || { echo "usage: scripts/restore.sh <dump file> --yes" >&2; exit 2; }
[ "${2:-}" = "--yes" ] || { echo "restore: this replaces the current data; run again with --yes to confirm" >&2; exit 2; }
command -v pg_restore >/dev/null || { echo "restore: pg_restore not found; install postgresql-client" >&2; exit 1; }
# The password goes to pg_restore through a private PGPASSFILE, never on its command line (ps).
pass_dir="$(mktemp -d)"
trap 'rm -rf "$pass_dir"' EXIT
export PGPASSFILE="$pass_dir/pgpass"
url="$(node --import tsx scripts/db-url.ts)"
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error --dbname "$url" "$file"
echo "restore: restored $file"
