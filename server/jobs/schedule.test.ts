import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../test/harness.ts';
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
    const deadline = Date.now() + 15_000;
    while ((await a.ctx.db('refresh_tokens').where({ token_hash: 'dead' })).length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal((await a.ctx.db('refresh_tokens').where({ token_hash: 'dead' })).length, 0);
  });
});
