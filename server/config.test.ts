import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from './config.ts';

function errorLines(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.lines;
  }
  assert.fail('expected a ConfigError');
}

describe('config', () => {
  it('needs nothing on a fresh machine: embedded Postgres, local auth, IST, port 8080', () => {
    const cfg = loadConfig({});
    assert.equal(cfg.dbMode, 'embedded');
    assert.equal(cfg.authMode, 'local');
    assert.equal(cfg.PORT, 8080);
    assert.equal(cfg.APP_TIMEZONE, 'Asia/Kolkata');
    assert.equal(cfg.DATA_DIR, './data');
    assert.equal(cfg.SANDBOX_ENABLED, true);
  });

  it('turns the in-app simulator off in production unless SANDBOX_ENABLED=true is explicit', () => {
    const external = { DATABASE_URL: 'postgres://u:p@db/parley', ENCRYPTION_KEY: 'ab'.repeat(32), JWT_SECRET: 'j'.repeat(32) };
    assert.equal(loadConfig({ NODE_ENV: 'development' }).SANDBOX_ENABLED, true);
    assert.equal(loadConfig(external).SANDBOX_ENABLED, false);
    assert.equal(loadConfig({ NODE_ENV: 'production' }).SANDBOX_ENABLED, false);
    assert.equal(loadConfig({ ...external, SANDBOX_ENABLED: '' }).SANDBOX_ENABLED, false);
    assert.equal(loadConfig({ ...external, SANDBOX_ENABLED: 'true' }).SANDBOX_ENABLED, true);
    assert.equal(loadConfig({ NODE_ENV: 'production', SANDBOX_ENABLED: 'true' }).SANDBOX_ENABLED, true);
    assert.equal(loadConfig({ SANDBOX_ENABLED: 'false' }).SANDBOX_ENABLED, false);
  });

  it('treats empty values as unset', () => {
    assert.equal(loadConfig({ PORT: '', DATABASE_URL: '' }).dbMode, 'embedded');
  });

  it('gives one line per bad variable, naming it and the value', () => {
    assert.deepEqual(errorLines({ PORT: 'abc' }), ['config error: PORT must be a whole number from 0 to 65535 (got "abc")']);
    const lines = errorLines({ APP_TIMEZONE: 'Mars/Olympus', DATABASE_URL: 'mysql://x', SANDBOX_URL: 'ftp://h' });
    assert.equal(lines.length, 3);
    assert.match(lines.find((l) => l.includes('APP_TIMEZONE'))!, /IANA time zone.*Mars\/Olympus/);
    assert.match(lines.find((l) => l.includes('DATABASE_URL'))!, /postgres:\/\//);
    assert.match(lines.find((l) => l.includes('SANDBOX_URL'))!, /http\(s\) URL/);
  });

  it('never echoes secret values in its messages', () => {
    const [line] = errorLines({ JWT_SECRET: 'short-secret' });
    assert.match(line!, /^config error: JWT_SECRET must be at least 32 characters$/);
    const [keyLine] = errorLines({ ENCRYPTION_KEY: 'not-a-key' });
    assert.ok(!keyLine!.includes('not-a-key'));
  });

  it('requires shared secrets when several instances may share DATABASE_URL', () => {
    const lines = errorLines({ DATABASE_URL: 'postgres://u:p@db:5432/parley' });
    assert.deepEqual(lines, [
      'config error: ENCRYPTION_KEY is required when DATABASE_URL is set',
      'config error: JWT_SECRET is required when DATABASE_URL is set (local auth)',
    ]);
    const cfg = loadConfig({ DATABASE_URL: 'postgres://u:p@db/parley', ENCRYPTION_KEY: 'a'.repeat(64), JWT_SECRET: 's'.repeat(32) });
    assert.equal(cfg.dbMode, 'external');
  });

  it('switches to Supabase auth only when URL and anon key come together', () => {
    assert.deepEqual(errorLines({ SUPABASE_URL: 'https://x.supabase.co' }), ['config error: SUPABASE_URL and SUPABASE_ANON_KEY must be set together']);
    const cfg = loadConfig({ SUPABASE_URL: 'https://x.supabase.co', SUPABASE_ANON_KEY: 'anon'.repeat(10) });
    assert.equal(cfg.authMode, 'supabase');
  });

  it('accepts the encryption key as hex or base64 of 32 bytes', () => {
    assert.ok(loadConfig({ ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') }));
    assert.ok(loadConfig({ ENCRYPTION_KEY: 'ab'.repeat(32) }));
    assert.equal(errorLines({ ENCRYPTION_KEY: 'ab'.repeat(31) }).length, 1);
  });

  it('takes PUBLIC_URL as a base URL without its trailing slash, and refuses one with a query', () => {
    assert.equal(loadConfig({ PUBLIC_URL: 'https://chat.example.com/' }).PUBLIC_URL, 'https://chat.example.com');
    assert.equal(loadConfig({}).PUBLIC_URL, undefined);
    assert.match(errorLines({ PUBLIC_URL: 'chat.example.com' })[0]!, /PUBLIC_URL must be an http\(s\) URL/);
    assert.match(errorLines({ PUBLIC_URL: 'https://chat.example.com/?x=1' })[0]!, /PUBLIC_URL must be a plain base URL/);
  });
});
