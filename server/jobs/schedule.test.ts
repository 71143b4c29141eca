import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../test/harness.ts';
import { PURGE_REFRESH_TOKENS } from '../auth/jobs.ts';
import { offerSingleton } from './schedule.ts';

describe('scheduled maintenance jobs', () => {
  let a: TestApp;
  before(async () => {
    a = await startTestApp();
  });
  after(() => a.stop());

  it('two processes offering the same slot create one job, and the worker runs it', async () => {
    const user = await a.ctx.db('users').first('id');
    await a.ctx.db('refresh_tokens').insert({ user_id: user.id, token_hash: 'dead', expires_at: new Date(Date.now() - 1000) });
    // A second pg-boss instance on the same database stands for a second app process.
    const { startBoss } = await import('./boss.ts');
    const other = await startBoss(a.ctx.databaseUrl, a.ctx.logger);
    try {
      const ids = await Promise.all([offerSingleton(a.ctx.boss, PURGE_REFRESH_TOKENS), offerSingleton(other, PURGE_REFRESH_TOKENS)]);
      assert.equal(ids.filter(Boolean).length, 1);
    } finally {
      await other.stop({ graceful: false });
    }
    await waitFor('the expired refresh token purged', () => a.ctx.db('refresh_tokens').where({ token_hash: 'dead' }), (rows) => rows.length === 0);
  });
});
