// Runs the shipped nginx/parley.conf on a real nginx, on loopback ports, in front of a test app.
// Only addresses, the domain and the certificate paths are rewritten; every `location` stays
// exactly as shipped (renderSiteConfig checks that).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../lib/net.ts';

export const SITE_CONFIG = new URL('../../nginx/parley.conf', import.meta.url);

export interface RunningNginx {
  /** The plain-http server block (port 80 in production). */
  httpPort: number;
  /** The TLS server block (port 443 in production); plain http when openssl is missing. */
  httpsPort: number;
  tls: boolean;
  stop(): Promise<void>;
}

export function findBinary(name: string): string | null {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin', '/sbin']) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

const locations = (conf: string) => conf.split('\n').filter((l) => /^\s*location\b/.test(l)).map((l) => l.trim());

/** The shipped site file with loopback ports, a throwaway certificate and the given upstream. */
export function renderSiteConfig(shipped: string, o: { httpPort: number; httpsPort: number; appPort: number; cert: string | null; key: string | null }): string {
  let out = shipped;
  const replace = (pattern: RegExp, by: string) => {
    if (!pattern.test(out)) throw new Error(`nginx/parley.conf no longer contains ${pattern}: update server/test/nginx.ts`);
    out = out.replace(pattern, by);
  };
  replace(/PARLEY_DOMAIN/g, 'localhost');
  replace(/^(\s*)listen 80;$/m, `$1listen 127.0.0.1:${o.httpPort};`);
  replace(/^\s*listen \[::\]:80;\n/m, '');
  replace(/^(\s*)listen 443 ssl( http2)?;$/m, o.cert ? `$1listen 127.0.0.1:${o.httpsPort} ssl$2;` : `$1listen 127.0.0.1:${o.httpsPort};`);
  replace(/^\s*listen \[::\]:443 ssl( http2)?;\n/m, '');
  replace(/server 127\.0\.0\.1:8080;/, `server 127.0.0.1:${o.appPort};`);
  if (o.cert && o.key) {
    replace(/ssl_certificate\s+\S+;/, `ssl_certificate ${o.cert};`);
    replace(/ssl_certificate_key\s+\S+;/, `ssl_certificate_key ${o.key};`);
  } else {
    replace(/^\s*ssl_\w+ .*\n/gm, '');
  }
  const before = locations(shipped);
  if (before.length === 0 || JSON.stringify(before) !== JSON.stringify(locations(out))) throw new Error('rendering changed the locations of nginx/parley.conf');
  return out;
}

function waitForPort(port: number, child: ChildProcess, stderr: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) return reject(new Error(`nginx exited with ${child.exitCode}: ${stderr()}`));
      const sock = connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve();
      });
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() > deadline) reject(new Error(`nginx did not listen on ${port}: ${stderr()}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

export async function startNginx(appPort: number): Promise<RunningNginx> {
  const nginx = findBinary('nginx');
  if (!nginx) throw new Error('nginx is not installed: `apt-get install nginx-light` (.ci/run does this)');
  const dir = mkdtempSync(join(tmpdir(), 'parley-nginx-'));
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi', 'logs']) mkdirSync(join(dir, sub));
  const [httpPort, httpsPort] = [await freePort(), await freePort()];

  let cert: string | null = null;
  let key: string | null = null;
  if (findBinary('openssl')) {
    cert = join(dir, 'cert.pem');
    key = join(dir, 'key.pem');
    execFileSync(findBinary('openssl')!, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
  }
  writeFileSync(join(dir, 'parley.conf'), renderSiteConfig(readFileSync(SITE_CONFIG, 'utf8'), { httpPort, httpsPort, appPort, cert, key }));
  // As root, nginx would switch its workers to "nobody", who cannot read this directory.
  const asRoot = process.getuid?.() === 0;
  writeFileSync(
    join(dir, 'nginx.conf'),
    `${asRoot ? 'user root;\n' : ''}worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/parley.conf;
}
`,
  );
  const child = spawn(nginx, ['-p', `${dir}/`, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'logs/startup.log'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const log = () => {
    let text = err;
    for (const f of ['logs/startup.log', 'logs/error.log']) {
      try {
        text += readFileSync(join(dir, f), 'utf8');
      } catch {
        // not written yet
      }
    }
    return text.trim();
  };
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGQUIT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(httpsPort, child, log);
    await waitForPort(httpPort, child, log);
  } catch (e) {
    await stop();
    throw e;
  }
  return { httpPort, httpsPort, tls: cert !== null, stop };
}
