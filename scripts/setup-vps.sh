#!/usr/bin/env bash
# One-time setup of a fresh Ubuntu 22.04+/Debian 12 VPS for Parley, run as root from the repo:
#   sudo PARLEY_DOMAIN=chat.example.com LETSENCRYPT_EMAIL=you@example.com bash scripts/setup-vps.sh
# Installs Node 20+, nginx, certbot, the Postgres client (for backups) and PM2; builds Parley;
# creates .env with generated secrets if there is none; starts Parley under PM2 at boot with
# daily log rotation kept 30 days; installs the nginx site with HTTPS; schedules daily backups.
# The scheduled jobs run in the app time zone (APP_TIMEZONE in .env): see scripts/vps-schedule.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
APP_DIR="$(pwd)"
: "${PARLEY_DOMAIN:?set PARLEY_DOMAIN to the public host name, e.g. chat.example.com}"
: "${LETSENCRYPT_EMAIL:?set LETSENCRYPT_EMAIL for certificate expiry notices}"
[ "$(id -u)" = 0 ] || { echo "run as root (sudo)" >&2; exit 1; }

echo "==> system packages"
apt-get update -q
apt-get install -y -q ca-certificates curl nginx certbot python3-certbot-nginx postgresql-client logrotate
if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "Node.js 20.19+ is required: install it (e.g. from your distribution or nodesource) and rerun." >&2
  exit 1
fi

echo "==> application"
npm ci
npm run build
if [ ! -f .env ]; then
  cp .env.example .env
  gen() { node -e "console.log(require('crypto').randomBytes($1).toString('hex'))"; }
  sed -i "s|^META_WEBHOOK_VERIFY_TOKEN=.*|META_WEBHOOK_VERIFY_TOKEN=$(gen 16)|" .env
  sed -i "s|^HOST=.*|HOST=127.0.0.1|" .env
  chmod 600 .env
  echo "    created .env; fill in META_APP_SECRET, then: pm2 restart all"
fi

echo "==> PM2"
npm install -g pm2
# pm2-logrotate would rotate at the server's midnight, not the app's: systemd does it instead.
pm2 uninstall pm2-logrotate >/dev/null 2>&1 || true
pm2 startOrReload ecosystem.config.js
pm2 save
pm2 startup systemd -u root --hp /root

echo "==> nginx + Let's Encrypt"
sed "s/PARLEY_DOMAIN/${PARLEY_DOMAIN}/g" nginx/parley.conf > /etc/nginx/sites-available/parley
# certbot needs the plain-HTTP server first; the TLS server block is enabled once certs exist.
if [ ! -d "/etc/letsencrypt/live/${PARLEY_DOMAIN}" ]; then
  awk '/^server \{/{n++} n<2' /etc/nginx/sites-available/parley > /etc/nginx/sites-available/parley-http
  ln -sf /etc/nginx/sites-available/parley-http /etc/nginx/sites-enabled/parley
  nginx -t && systemctl reload nginx
  certbot certonly --webroot -w /var/www/html -d "$PARLEY_DOMAIN" --email "$LETSENCRYPT_EMAIL" --agree-tos --non-interactive
  rm -f /etc/nginx/sites-available/parley-http
fi
ln -sf /etc/nginx/sites-available/parley /etc/nginx/sites-enabled/parley
rm -f /etc/nginx/sites-enabled/default
nginx -t && systemctl reload nginx

echo "==> daily backup (kept BACKUP_RETENTION_DAYS days) and log rotation, in the app time zone"
APP_DIR="$APP_DIR" bash scripts/vps-schedule.sh
rm -f /etc/cron.d/parley-backup # the server-time cron line of earlier versions
systemctl daemon-reload
systemctl enable --now parley-backup.timer parley-logrotate.timer

echo "Parley is up at https://${PARLEY_DOMAIN}. First-run admin credentials are in: pm2 logs parley --lines 50"
