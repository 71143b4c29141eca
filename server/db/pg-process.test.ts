import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explainPostgresFailure, PgProcess } from './pg-process.ts';

describe('explainPostgresFailure', () => {
  it('names EMBEDDED_PG_PORT when the port is taken', () => {
    const lines = [
      '2026-12-02 05:00:00.000 UTC [42] LOG:  starting PostgreSQL 15.18',
      '2026-12-02 05:00:00.001 UTC [42] LOG:  could not bind IPv4 address "127.0.0.1": Address already in use',
      '2026-12-02 05:00:00.002 UTC [42] WARNING:  could not create listen socket for "127.0.0.1"',
      '2026-12-02 05:00:00.003 UTC [42] FATAL:  could not create any TCP/IP sockets',
    ];
    assert.equal(
      explainPostgresFailure('postgres exited before it was ready (code 1, signal null)', lines, 5433),
      'port 5433 is already in use by another program; stop it or set EMBEDDED_PG_PORT to a free port',
    );
  });

  it("adds Postgres's last error line without its prefix", () => {
    const lines = ['2026-12-02 05:00:00.000 UTC [42] LOG:  starting', '2026-12-02 05:00:00.001 UTC [42] FATAL:  data directory "/d" has invalid permissions', 'LOG:  database system is shut down'];
    assert.equal(explainPostgresFailure('postgres exited before it was ready (code 1, signal null)', lines, 1), 'postgres exited before it was ready (code 1, signal null): data directory "/d" has invalid permissions');
    assert.equal(explainPostgresFailure('initdb exited with code 1', ['initdb: error: could not access directory "/x": Permission denied'], 1), 'initdb exited with code 1: could not access directory "/x": Permission denied');
  });

  it('keeps the failure alone when there is nothing more to say', () => {
    assert.equal(explainPostgresFailure('cannot run /pg/bin/initdb (EACCES)', [], 1), 'cannot run /pg/bin/initdb (EACCES)');
    assert.equal(explainPostgresFailure('cannot run /pg/bin/initdb (EACCES)', ['just a LOG: line'], 1), 'cannot run /pg/bin/initdb (EACCES)');
  });
});

describe('PgProcess', () => {
  it('turns binaries it cannot run into a rejected promise naming them, not an uncaught exception', async () => {
    const home = mkdtempSync(join(tmpdir(), 'parley-pg-home-'));
    try {
      mkdirSync(join(home, 'bin'));
      writeFileSync(join(home, 'bin', 'initdb'), '#!/bin/sh\n', { mode: 0o644 });
      const pg = new PgProcess({ home, databaseDir: join(home, 'data'), port: 1, user: 'postgres', password: 'p', runAs: null, initdbFlags: [], postgresFlags: [], onLog: () => {} });
      await assert.rejects(pg.initialise(), { message: `cannot run ${join(home, 'bin', 'initdb')} (EACCES)` });
      await assert.rejects(pg.start(), { message: `cannot run ${join(home, 'bin', 'postgres')} (ENOENT)` });
      await pg.stop();
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
