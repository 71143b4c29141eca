import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const hasSystemd = await run('systemd-analyze', ['--version']).then(
  () => true,
  () => false,
);

/** Runs vps-schedule.sh into a temporary folder and returns what it wrote. */
async function schedule(env: Record<string, string>, dotenv?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-vps-'));
  dirs.push(dir);
  if (dotenv !== undefined) writeFileSync(join(dir, '.env'), dotenv);
  const { APP_TIMEZONE: _ignored, ...base } = process.env;
  const out = await run('bash', ['scripts/vps-schedule.sh'], { env: { ...base, APP_DIR: dir, UNIT_DIR: join(dir, 'units'), CONF_DIR: join(dir, 'conf'), ...env } });
  const read = (name: string) => readFileSync(join(dir, 'units', name), 'utf8');
  const onCalendar = (timer: string) => /^OnCalendar=(.+)$/m.exec(read(timer))![1]!;
  return { out, dir, read, onCalendar, logrotate: readFileSync(join(dir, 'conf', 'logrotate.conf'), 'utf8') };
}

/** When systemd fires a calendar spec next after `base`, printed in UTC. */
async function nextUtc(spec: string, base: string): Promise<string> {
  const { stdout } = await run('systemd-analyze', ['calendar', `--base-time=${base}`, spec], { env: { ...process.env, TZ: 'UTC' } });
  return /Next elapse: \w+ (.+) UTC/.exec(stdout)![1]!;
}

const dirs: string[] = [];

describe('VPS scheduled jobs in the app time zone', { skip: hasSystemd ? false : 'systemd-analyze not installed' }, () => {
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('runs the backup at 02:30 and log rotation at midnight IST by default, whatever the server zone', async () => {
    const s = await schedule({ TZ: 'UTC' });
    assert.equal(s.onCalendar('parley-backup.timer'), '*-*-* 02:30:00 Asia/Kolkata');
    assert.equal(s.onCalendar('parley-logrotate.timer'), '*-*-* 00:00:00 Asia/Kolkata');
    // 02:30 IST is 21:00 UTC the day before; midnight IST is 18:30 UTC
    assert.equal(await nextUtc(s.onCalendar('parley-backup.timer'), '2026-12-02 12:00:00 UTC'), '2026-12-02 21:00:00');
    assert.equal(await nextUtc(s.onCalendar('parley-logrotate.timer'), '2026-12-02 12:00:00 UTC'), '2026-12-02 18:30:00');
    for (const timer of ['parley-backup.timer', 'parley-logrotate.timer']) assert.match(s.read(timer), /^Persistent=true$/m, 'a run missed while off happens at boot');
    assert.match(s.read('parley-backup.service'), new RegExp(`^WorkingDirectory=${s.dir}$[\\s\\S]*^ExecStart=/bin/bash scripts/backup.sh$`, 'm'));
    assert.match(s.read('parley-logrotate.service'), /^Environment=TZ=Asia\/Kolkata$/m, 'rotated files are named by the app-zone date');
    assert.match(s.logrotate, /^\s+rotate 30$/m);
    assert.match(s.logrotate, /^\s+copytruncate$/m, 'PM2 keeps its log files open');
  });

  it('takes APP_TIMEZONE from .env, and the environment over .env, as the app does; DST zones follow the wall clock', async () => {
    const fromFile = await schedule({}, 'PORT=8080\nAPP_TIMEZONE=America/New_York\n');
    const backup = fromFile.onCalendar('parley-backup.timer');
    assert.equal(backup, '*-*-* 02:30:00 America/New_York');
    assert.equal(await nextUtc(backup, '2026-12-02 12:00:00 UTC'), '2026-12-03 07:30:00'); // EST
    assert.equal(await nextUtc(backup, '2026-07-01 12:00:00 UTC'), '2026-07-02 06:30:00'); // EDT
    const fromEnv = await schedule({ APP_TIMEZONE: 'Asia/Kathmandu' }, 'APP_TIMEZONE=America/New_York\n');
    assert.equal(await nextUtc(fromEnv.onCalendar('parley-logrotate.timer'), '2026-12-02 12:00:00 UTC'), '2026-12-02 18:15:00');
  });

  it('refuses a zone systemd does not know, in one line', async () => {
    await assert.rejects(schedule({ APP_TIMEZONE: 'Mars/Olympus' }), (err: { code: number; stderr: string }) => {
      assert.equal(err.code, 1);
      assert.equal(err.stderr.trim().split('\n').length, 1);
      assert.match(err.stderr, /APP_TIMEZONE "Mars\/Olympus" is not a time zone/);
      return true;
    });
  });

  it('is what setup-vps.sh installs, in place of the server-time cron line and pm2-logrotate', () => {
    const setup = readFileSync('scripts/setup-vps.sh', 'utf8');
    assert.match(setup, /^APP_DIR="\$APP_DIR" bash scripts\/vps-schedule\.sh$/m);
    assert.match(setup, /^systemctl enable --now parley-backup\.timer parley-logrotate\.timer$/m);
    assert.doesNotMatch(setup, /^echo .*> \/etc\/cron\.d/m);
    assert.doesNotMatch(setup, /pm2 set pm2-logrotate/);
  });
});
