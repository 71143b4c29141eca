#!/usr/bin/env bash
# Writes the VPS's scheduled jobs as systemd timers that run in the app time zone (APP_TIMEZONE,
# from the environment or APP_DIR/.env, default Asia/Kolkata), whatever the server's clock zone:
#   parley-backup.timer     daily backup (scripts/backup.sh) at 02:30
#   parley-logrotate.timer  PM2 log rotation at 00:00, 30 days kept, files named by app-zone date
# systemd reads a zone in OnCalendar itself (cron has no portable CRON_TZ; Debian's ignores it),
# and Persistent=true runs a job missed while the machine was off at the next boot.
# setup-vps.sh calls it; the test calls it with UNIT_DIR/CONF_DIR in a temporary folder.
set -euo pipefail
APP_DIR="${APP_DIR:-$(cd "$(dirname "$0")/.." && pwd)}"
UNIT_DIR="${UNIT_DIR:-/etc/systemd/system}"
CONF_DIR="${CONF_DIR:-/etc/parley}"
PM2_LOG_DIR="${PM2_LOG_DIR:-/root/.pm2/logs}"

zone="${APP_TIMEZONE:-}"
if [ -z "$zone" ] && [ -f "$APP_DIR/.env" ]; then
  zone="$(sed -n 's/^APP_TIMEZONE=//p' "$APP_DIR/.env" | tail -n 1 | tr -d "\"' ")"
fi
zone="${zone:-Asia/Kolkata}"
if ! systemd-analyze calendar "*-*-* 00:00:00 $zone" >/dev/null 2>&1; then
  echo "vps-schedule: APP_TIMEZONE \"$zone\" is not a time zone systemd knows (IANA name, e.g. Asia/Kolkata)" >&2
  exit 1
fi

mkdir -p "$UNIT_DIR" "$CONF_DIR"

# daily_timer UNIT DESCRIPTION HH:MM: UNIT.timer starts UNIT.service every day at HH:MM app time.
daily_timer() {
  cat > "$UNIT_DIR/$1.timer" <<EOF
[Unit]
Description=$2 at $3 $zone

[Timer]
OnCalendar=*-*-* $3:00 $zone
Persistent=true

[Install]
WantedBy=timers.target
EOF
}

cat > "$UNIT_DIR/parley-backup.service" <<EOF
[Unit]
Description=Parley database backup (scripts/backup.sh)

[Service]
Type=oneshot
WorkingDirectory=$APP_DIR
ExecStart=/bin/bash scripts/backup.sh
StandardOutput=append:/var/log/parley-backup.log
StandardError=append:/var/log/parley-backup.log
EOF

daily_timer parley-backup "Parley daily backup" 02:30

cat > "$CONF_DIR/logrotate.conf" <<EOF
# PM2's logs, rotated by parley-logrotate.timer (not by the system's logrotate run)
$PM2_LOG_DIR/*.log {
  daily
  rotate 30
  dateext
  dateformat -%Y-%m-%d
  compress
  delaycompress
  copytruncate
  missingok
  notifempty
}
EOF

cat > "$UNIT_DIR/parley-logrotate.service" <<EOF
[Unit]
Description=Rotate Parley's PM2 logs

[Service]
Type=oneshot
Environment=TZ=$zone
ExecStart=/usr/sbin/logrotate --state /var/lib/logrotate/parley.status $CONF_DIR/logrotate.conf
EOF

daily_timer parley-logrotate "Parley log rotation" 00:00

echo "    backup daily at 02:30 and log rotation at 00:00, $zone"
