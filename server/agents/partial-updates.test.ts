import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encryptSecret } from '../lib/crypto.ts';
import { ACCOUNT_TOKEN } from '../secrets/bindings.ts';
import { startTestApp, type TestApp } from '../test/harness.ts';

// A PATCH changes only the fields it names; a PUT of an agent keeps what it leaves out.
describe('partial updates of rules and agents', () => {
  let app: TestApp;
  let token: string;
  let numberId: string;
  const call = (method: string, path: string, json?: unknown) => app.call(method, path, token, json);
  const perNumberRule = async () => {
    const created = await call('POST', '/api/rules', { name: 'Prices', numberId, keywords: ['price', 'cost'], matchMode: 'all', reply: 'See our price list', priority: 7 });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body.id as string;
  };
  const ruleState = (id: string) => app.ctx.db('reply_rules').where({ id }).first('name', 'number_id', 'match_mode', 'priority', 'is_enabled', 'keywords', 'reply');

  before(async () => {
    app = await startTestApp();
    token = await app.login();
    const [row] = await app.ctx.db('channel_accounts')
      .insert({ workspace_id: app.ctx.defaultWorkspaceId, display_name: 'Support', external_id: '555000777', waba_id: '1', access_token_enc: encryptSecret(app.ctx.keys.encryptionKey, 'tok', ACCOUNT_TOKEN) })
      .returning('id');
    numberId = row.id;
  });
  after(() => app.stop());

  it("the dashboard's Disable button ({enabled:false}) changes only enabled", async () => {
    const id = await perNumberRule();
    const before = await ruleState(id);
    // The exact request of RulesPage's Disable button: PATCH /api/rules/:id { enabled: !isEnabled }.
    const res = await call('PATCH', `/api/rules/${id}`, { enabled: false });
    assert.equal(res.status, 200);
    assert.deepEqual(await ruleState(id), { ...before, is_enabled: false });
    assert.equal(before.number_id, numberId);
    assert.equal(before.match_mode, 'all');
    assert.equal(before.priority, 7);
  });

  it('a {name} patch keeps a disabled rule disabled and everything else as it was', async () => {
    const id = await perNumberRule();
    await call('PATCH', `/api/rules/${id}`, { enabled: false });
    const before = await ruleState(id);
    assert.equal((await call('PATCH', `/api/rules/${id}`, { name: 'Price questions' })).status, 200);
    assert.deepEqual(await ruleState(id), { ...before, name: 'Price questions' });
  });

  it('numberId: null makes a rule global; an absent numberId leaves it alone', async () => {
    const id = await perNumberRule();
    await call('PATCH', `/api/rules/${id}`, { priority: 3 });
    assert.equal((await ruleState(id)).number_id, numberId);
    await call('PATCH', `/api/rules/${id}`, { numberId: null });
    const after = await ruleState(id);
    assert.equal(after.number_id, null);
    assert.equal(after.priority, 3);
  });

  it('an empty patch and a non-UUID id are 400s', async () => {
    const id = await perNumberRule();
    assert.equal((await call('PATCH', `/api/rules/${id}`, {})).status, 400);
    const bad = await call('PATCH', '/api/rules/not-a-uuid', { enabled: false });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'validation_error');
  });

  it('a PUT of an agent that leaves out enabled, fallback and variables keeps them', async () => {
    const first = await call('PUT', `/api/accounts/${numberId}/agent`, {
      name: 'Support', mode: 'openai_prompt', promptId: 'pmpt_abc', promptVersion: '3', promptVariables: { brand: 'Acme' }, fallbackMessage: 'We will call you', enabled: false,
    });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const renamed = await call('PUT', `/api/accounts/${numberId}/agent`, { name: 'Support desk', mode: 'openai_prompt', promptId: 'pmpt_abc' });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.created, false);
    const a = renamed.body.agent;
    assert.deepEqual(
      { name: a.name, isEnabled: a.isEnabled, fallbackMessage: a.fallbackMessage, promptVersion: a.promptVersion, promptVariables: a.promptVariables },
      { name: 'Support desk', isEnabled: false, fallbackMessage: 'We will call you', promptVersion: '3', promptVariables: { brand: 'Acme' } },
    );
    // A different prompt is a new agent: still paused (the number's agent was), no old version or variables.
    const other = await call('PUT', `/api/accounts/${numberId}/agent`, { name: 'Support desk', mode: 'openai_prompt', promptId: 'pmpt_other' });
    assert.equal(other.body.created, true);
    assert.deepEqual([other.body.agent.isEnabled, other.body.agent.promptVersion, other.body.agent.promptVariables], [false, null, {}]);
    // Explicit values still apply.
    const on = await call('PUT', `/api/accounts/${numberId}/agent`, { name: 'Support desk', mode: 'openai_prompt', promptId: 'pmpt_other', enabled: true, fallbackMessage: null });
    assert.deepEqual([on.body.agent.isEnabled, on.body.agent.fallbackMessage], [true, null]);
  });
});
