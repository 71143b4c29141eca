#!/usr/bin/env bash
# Dumps the Parley database (pg_dump custom format) into BACKUP_DIR and deletes dumps older
# than BACKUP_RETENTION_DAYS. Run it daily from cron (scripts/setup-vps.sh installs that).
# pg_dump must be at least the server's major version (embedded Postgres is 15).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f .env ]; then set -a; . ./.env; set +a; fi
BACKUP_DIR="${BACKUP_DIR:-./backups}"
RETENTION_DAYS="${BACKUP_RETENTION_DAYS:-14}"
command -v pg_dump >/dev/null || { echo "backup: pg_dump not found; install postgresql-client" >&2; exit 1; }
[[ "$RETENTION_DAYS" =~ ^[0-9]+$ ]] || { echo "backup: BACKUP_RETENTION_DAYS must be a whole number" >&2; exit 1; }

# The password goes to pg_dump through a private PGPASSFILE, never on its command line (ps).
# In embedded mode the app's own code says where its Postgres listens.
pass_dir="$(mktemp -d)"
trap 'rm -rf "$pass_dir"' EXIT
export PGPASSFILE="$pass_dir/pgpass"
url="$(node --import tsx scripts/db-url.ts)"
mkdir -p "$BACKUP_DIR"
chmod 700 "$BACKUP_DIR"
target="$BACKUP_DIR/parley-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_dump --format=custom --no-owner --no-privileges --file "$target.partial" "$url"
mv "$target.partial" "$target"
find "$BACKUP_DIR" -maxdepth 1 -name 'parley-*.dump' -mtime +"$RETENTION_DAYS" -print -delete | sed 's/^/backup: expired /'
echo "backup: wrote $target ($(du -h "$target" | cut -f1))"
