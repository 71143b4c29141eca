import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../test/harness.ts';
import { replyLogListView, ruleListView } from './present.ts';

// Auto-replies end to end: inbound messages from the simulator's signed webhooks, rules and
// agents answered through the OpenAI simulator (official SDK), replies sent to the Graph simulator.
const PNID = '555000888';
const PNID2 = '555000889';

describe('auto-replies against the simulators', () => {
  let app: TestApp;
  let token: string;
  let numberId: string;
  let number2Id: string;
  let customer = 919800000000;
  const nextCustomer = () => String(++customer);
  const call = (method: string, path: string, json?: unknown) => app.call(method, path, token, json);
  const sandbox: TestApp['sandbox'] = (...args) => app.sandbox(...args);
  const inbound = (from: string, text: string, phoneNumberId = PNID) => sandbox('POST', '/control/inbound', { phone_number_id: phoneNumberId, from, type: 'text', text, flush: true });
  /** Text bodies the app sent to `to`, in request order. */
  const repliesTo = async (to: string) =>
    ((await sandbox('GET', `/control/requests?recipient=${to}&limit=100`)).entries as any[]).filter((e) => e.body?.type === 'text').sort((a, b) => a.seq - b.seq).map((e) => e.body.text.body as string);
  /** Waits until `count` reply outcomes are logged for `from` and returns them, oldest first. */
  const outcomesFor = async (from: string, count: number) =>
    waitFor(
      `${count} reply outcomes for ${from}`,
      async () => (await app.ctx.db('reply_logs as l').join('conversations as c', 'c.id', 'l.conversation_id').join('contact_identities as k', 'k.id', 'c.identity_id').where('k.external_id', from).orderBy('l.id').select('l.*')) as any[],
      (logs) => logs.length >= count,
    );
  const balance = async () => (await call('GET', '/api/credits')).body.balance as number;
  const openaiRequests = async (path: string) => (await sandbox('GET', `/control/openai/requests?path=${encodeURIComponent(path)}&method=POST&limit=10000`)).data as any[];
  const setAgent = (body: Record<string, unknown>, id = numberId) => call('PUT', `/api/accounts/${id}/agent`, { name: 'Support', ...body });

  before(async () => {
    app = await startTestApp();
    token = await app.login();
    const add = async (displayName: string, phoneNumberId: string) =>
      (await call('POST', '/api/accounts', { displayName, phoneNumberId, wabaId: '660000000888', accessToken: `sandbox-${phoneNumberId}`, sandbox: true })).body.id as string;
    numberId = await add('Support line', PNID);
    number2Id = await add('Sales line', PNID2);
    const llm = await call('PUT', '/api/settings/llm', { apiKey: 'sk-test-parley', baseUrl: `${app.url}/sandbox/v1`, model: 'gpt-sim' });
    assert.equal(llm.status, 200, JSON.stringify(llm.body));
    assert.equal(llm.body.apiKeySet, true);
    assert.equal(JSON.stringify(llm.body).includes('sk-test-parley'), false, 'the key is never sent back');
    assert.equal((await call('PUT', '/api/settings/llm', { creditsEnforced: true })).status, 200); // off until the admin turns them on
    await call('POST', '/api/credits', { amount: 1000 });
  });
  beforeEach(async () => {
    await app.ctx.db('reply_rules').delete();
    await sandbox('PATCH', '/control/openai/knobs', { latencyMs: 0, error500: null, defaultReply: null, jsonOverride: null });
    await setAgent({ mode: 'system_prompt', systemPrompt: 'You are a helpful support agent.', fallbackMessage: null });
  });
  after(() => app.stop());

  it('keeps the key encrypted at rest', async () => {
    const row = await app.ctx.db('settings').where({ key: 'llm.api_key' }).first();
    assert.equal(row.is_secret, true);
    assert.equal(JSON.stringify(row.value).includes('sk-test-parley'), false);
  });

  it('answers with the highest-priority matching rule, AND/OR, and applies edits at once', async () => {
    const mk = async (body: Record<string, unknown>) => (await call('POST', '/api/rules', { reply: 'x', ...body })).body;
    const anyPrice = await mk({ name: 'price or cost', keywords: ['price', 'cost'], matchMode: 'any', priority: 1, reply: 'Prices start at ₹499.' });
    await mk({ name: 'shirt price', keywords: ['price', 'shirt'], matchMode: 'all', priority: 5, reply: 'Shirts are ₹799.' });
    await mk({ name: 'other number', keywords: ['price'], numberId: number2Id, priority: 50, reply: 'Sales prices.' });
    await mk({ name: 'disabled', keywords: ['price'], priority: 99, enabled: false, reply: 'never' });
    const c = nextCustomer();
    await inbound(c, 'What is the PRICE of this shirt?');
    await waitFor('the AND rule reply', () => repliesTo(c), (r) => r.length === 1);
    await inbound(c, 'and the cost of shipping');
    await waitFor('the OR rule reply', () => repliesTo(c), (r) => r.length === 2);
    assert.equal((await call('PATCH', `/api/rules/${anyPrice.id}`, { reply: 'Edited: from ₹449.' })).status, 200);
    await inbound(c, 'price?');
    await waitFor('the edited reply', () => repliesTo(c), (r) => r.length === 3);
    assert.deepEqual(await repliesTo(c), ['Shirts are ₹799.', 'Prices start at ₹499.', 'Edited: from ₹449.']);
    const logs = await outcomesFor(c, 3);
    assert.deepEqual(logs.map((l) => [l.source, l.outcome]), [['rule', 'sent'], ['rule', 'sent'], ['rule', 'sent']]);
    assert.equal(logs[1].rule_id, anyPrice.id, 'the matched rule is logged');
    assert.equal((await openaiRequests('/v1/responses')).length, 0, 'a rule answer makes no LLM call');
    const listed = ruleListView.parse((await call('GET', `/api/rules?numberId=${numberId}`)).body).items;
    assert.equal(listed.find((r) => r.id === anyPrice.id)?.matchedCount, 2);
    const recent = replyLogListView.parse((await call('GET', '/api/replies')).body).items;
    assert.deepEqual(recent.filter((l) => l.ruleId === anyPrice.id).map((l) => [l.ruleName, l.outcome]), [['price or cost', 'sent'], ['price or cost', 'sent']]);
  });

  it('only text triggers a reply; the agent answers with the system prompt and the last 10 messages', async () => {
    const c = nextCustomer();
    await sandbox('POST', '/control/inbound', { phone_number_id: PNID, from: c, type: 'image', flush: true });
    for (let i = 1; i <= 6; i++) {
      await inbound(c, `question ${i}`);
      await waitFor(`reply ${i}`, () => repliesTo(c), (r) => r.length === i);
    }
    assert.deepEqual((await repliesTo(c)).slice(-1), ['Echo: question 6']);
    const last = (await openaiRequests('/v1/responses')).at(-1).body;
    assert.equal(last.instructions, 'You are a helpful support agent.');
    assert.equal(last.model, 'gpt-sim');
    assert.equal(last.input.length, 10, 'the last 10 messages (6 questions + 5 replies, minus the oldest)');
    assert.deepEqual(last.input.at(-1), { role: 'user', content: 'question 6' });
    assert.deepEqual(last.input.at(-2), { role: 'assistant', content: 'Echo: question 5' });
    // A conversation is answered in arrival order: an image task, queued first, would be logged
    // before the six text replies that have all arrived by now.
    assert.equal((await outcomesFor(c, 6)).length, 6, 'the image got no reply task');
  });

  it('answers two fast messages of one conversation in order', async () => {
    await sandbox('PATCH', '/control/openai/knobs', { latencyMs: 300 });
    const c = nextCustomer();
    // The second arrives while the first's answer is still being written (300 ms). Sent only once
    // the first is stored: two webhooks racing each other may arrive in either order (Meta does not
    // promise an order either, and both carry the same second).
    await inbound(c, 'first');
    await inbound(c, 'second');
    const replies = await waitFor('both replies', () => repliesTo(c), (r) => r.length === 2);
    assert.deepEqual(replies, ['Echo: first', 'Echo: second']);
    const logs = await outcomesFor(c, 2);
    assert.ok(new Date(logs[0].created_at) <= new Date(logs[1].created_at));
  });

  it('sends at most 40 AI replies per customer phone for life, across numbers, then stays silent', async () => {
    const c = nextCustomer();
    await app.ctx.db('ai_reply_usage').insert({ workspace_id: app.ctx.defaultWorkspaceId, customer_id: c, replies: 39 });
    await inbound(c, 'reply number forty');
    await waitFor('the 40th reply', () => repliesTo(c), (r) => r.length === 1);
    await outcomesFor(c, 1); // recorded and charged
    const before = await balance();
    const llmCalls = (await openaiRequests('/v1/responses')).length;
    await inbound(c, 'reply number forty-one');
    await setAgent({ mode: 'system_prompt', systemPrompt: 'Sales.' }, number2Id);
    await inbound(c, 'hello sales', PNID2);
    const logs = await outcomesFor(c, 3);
    assert.deepEqual(logs.map((l) => l.outcome), ['sent', 'cap_reached', 'cap_reached']);
    assert.deepEqual(await repliesTo(c), ['Echo: reply number forty'], 'the 41st is not sent, on any number');
    assert.equal((await openaiRequests('/v1/responses')).length, llmCalls, 'no LLM call past the cap');
    assert.equal(await balance(), before);
    assert.equal((await app.ctx.db('ai_reply_usage').where({ customer_id: c }).first()).replies, 40);
  });

  it('charges credits only when Meta accepts the reply', async () => {
    const c = nextCustomer();
    const start = await balance();
    await inbound(c, 'hello');
    await waitFor('a reply', () => repliesTo(c), (r) => r.length === 1);
    await outcomesFor(c, 1);
    assert.equal(await balance(), start - 1, 'one credit per accepted AI reply');

    await sandbox('PATCH', '/control/knobs', { outsideWindow: [c] });
    await inbound(c, 'this reply will be refused');
    const logs = await outcomesFor(c, 2);
    assert.equal(logs.at(-1).outcome, 'send_failed');
    assert.match(logs.at(-1).detail, /131047/);
    assert.equal(await balance(), start - 1, 'credits unchanged when the send fails');
    assert.equal(logs.at(-1).credits_charged, 0);
    await sandbox('PATCH', '/control/knobs', { outsideWindow: [] });
  });

  it('without enough credits makes no LLM call and notifies once', async () => {
    const c = nextCustomer();
    const held = await balance();
    await call('POST', '/api/credits', { amount: -held, note: 'test drain' });
    const calls = (await openaiRequests('/v1/responses')).length;
    await inbound(c, 'anyone there?');
    await inbound(c, 'hello?');
    const logs = await outcomesFor(c, 2);
    assert.deepEqual(logs.map((l) => l.outcome), ['no_credits', 'no_credits']);
    assert.equal((await openaiRequests('/v1/responses')).length, calls);
    assert.equal((await app.ctx.db('notifications').where({ type: 'credits_exhausted' })).length, 1);
    await call('POST', '/api/credits', { amount: held });
  });

  it('on an LLM failure logs it, does not retry, and sends the fallback only when one is configured', async () => {
    const c = nextCustomer();
    const start = await balance();
    await sandbox('PATCH', '/control/openai/knobs', { error500: { failNext: 1 } });
    const calls = (await openaiRequests('/v1/responses')).length;
    await inbound(c, 'first try');
    let logs = await outcomesFor(c, 1);
    assert.deepEqual(logs.map((l) => l.outcome), ['llm_failed']);
    assert.equal((await openaiRequests('/v1/responses')).length, calls + 1, 'exactly one call: no retry');
    assert.deepEqual(await repliesTo(c), []);

    await setAgent({ mode: 'system_prompt', systemPrompt: 'You are a helpful support agent.', fallbackMessage: 'We will get back to you shortly.' });
    await sandbox('PATCH', '/control/openai/knobs', { error500: { failNext: 1 } });
    await inbound(c, 'second try');
    await waitFor('the fallback', () => repliesTo(c), (r) => r.length === 1);
    logs = await outcomesFor(c, 3);
    assert.deepEqual(logs.map((l) => [l.source, l.outcome]), [['agent', 'llm_failed'], ['agent', 'llm_failed'], ['fallback', 'sent']]);
    assert.deepEqual(await repliesTo(c), ['We will get back to you shortly.']);
    assert.equal(await balance(), start, 'a fallback is not charged');
  });
});
