import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../test/harness.ts';
import type { CreditsView } from './present.ts';
import { MAX_BALANCE } from './service.ts';

// Credit balances can neither overflow nor be pushed past their limit: a top-up that would is
// refused with a reason (409), never a Postgres "integer out of range" (22003) turned into a 500.

describe('credit balances stay in range', () => {
  let app: TestApp;
  let token: string;
  let ws: string;
  const topUp = async (amount: number) => {
    const res = await app.request('/api/credits', { method: 'POST', token, json: { amount } });
    return { status: res.status, body: (await res.json()) as any };
  };
  const balance = async () => ((await (await app.request('/api/credits', { token })).json()) as { balance: number }).balance;
  const stripes = (rows: Array<[number, number]>) => app.ctx.db('credit_balances').insert(rows.map(([stripe, b]) => ({ workspace_id: ws, stripe, balance: b })));

  before(async () => {
    app = await startTestApp();
    token = await app.login();
    ws = app.ctx.defaultWorkspaceId;
  });
  beforeEach(async () => {
    await app.ctx.db('credit_balances').delete();
    await app.ctx.db('credit_ledger').delete();
  });
  after(() => app.stop());

  it('bounds one top-up in the schema', async () => {
    for (const amount of [1_000_001, -1_000_001, 2 ** 31, 1e300, 0, 1.5]) {
      const r = await topUp(amount);
      assert.equal(r.status, 400, `amount ${amount}`);
      assert.equal(r.body.error.code, 'validation_error');
    }
    assert.equal((await topUp(1_000_000)).status, 201);
    assert.equal(await balance(), 1_000_000);
    const { ledger } = (await (await app.request('/api/credits', { token })).json()) as CreditsView;
    assert.deepEqual(ledger.map(({ delta, reason, replyLogId }) => ({ delta, reason, replyLogId })), [{ delta: 1_000_000, reason: 'admin top-up', replyLogId: null }]);
  });

  it('a stripe past 32 bits neither overflows nor answers 500', async () => {
    // 2,147,000,000 is near the int4 maximum (2,147,483,647): the old column overflowed here
    await stripes([[0, 2_147_000_000], [1, -2_000_000_000]]);
    const r = await topUp(1_000_000);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.balance, 148_000_000);
    const row = await app.ctx.db('credit_balances').where({ workspace_id: ws, stripe: 0 }).first('balance');
    assert.equal(String(row.balance), '2148000000');
  });

  it('refuses, with the reason, a top-up past the workspace limit, and changes nothing', async () => {
    await stripes([[0, MAX_BALANCE - 500_000]]);
    const over = await topUp(500_001);
    assert.equal(over.status, 409);
    assert.equal(over.body.error.code, 'credit_limit');
    assert.match(over.body.error.message, /at most 1,000,000,000 credits/);
    assert.equal(await balance(), MAX_BALANCE - 500_000);
    assert.equal((await app.ctx.db('credit_ledger').where({ workspace_id: ws })).length, 0, 'no ledger entry for a refused top-up');
    assert.equal((await topUp(500_000)).status, 201);
    assert.equal(await balance(), MAX_BALANCE);
  });

  it('holds the limit exactly under concurrent top-ups', async () => {
    await stripes([[0, MAX_BALANCE - 5_000_000]]);
    const results = await Promise.all(Array.from({ length: 16 }, () => topUp(1_000_000)));
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [...Array(5).fill(201), ...Array(11).fill(409)]);
    assert.equal(await balance(), MAX_BALANCE);
    assert.equal((await app.ctx.db('credit_ledger').where({ workspace_id: ws })).length, 5);
  });

  it('a correction may not sink the balance past the negative limit', async () => {
    await stripes([[0, 0], [3, -MAX_BALANCE + 10]]);
    const r = await topUp(-11);
    assert.equal(r.status, 409);
    assert.match(r.body.error.message, /below -1,000,000,000/);
    assert.equal((await topUp(-10)).status, 201);
  });

  it('the table itself refuses an absurd stripe (the last line behind the service)', async () => {
    await assert.rejects(stripes([[0, 10 ** 16]]), (err: { code?: string }) => err.code === '23514');
  });
});
