import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../test/harness.ts';

// Auto-replies that are not silently lost, against the simulators over real HTTP: sends Meta
// refuses for a while are retried, a reply that still failed is an outbound message with Meta's
// reason that the inbox can send again, and the default fallback reply answers when no rule and
// no agent does. Also: a fresh install's agent answers without any credits.
const PNID = '555000931';
const PNID2 = '555000932';

describe('auto-reply delivery', () => {
  let app: TestApp;
  let token: string;
  let numberId: string;
  let number2Id: string;
  let customer = 919811100000;
  const nextCustomer = () => String(++customer);
  const call = (method: string, path: string, json?: unknown) => app.call(method, path, token, json);
  const sandbox: TestApp['sandbox'] = (...args) => app.sandbox(...args);
  const inbound = (from: string, text: string, phoneNumberId = PNID) => sandbox('POST', '/control/inbound', { phone_number_id: phoneNumberId, from, type: 'text', text, flush: true });
  const sendAttempts = async (to: string) => ((await sandbox('GET', `/control/requests?recipient=${to}&limit=100`)).entries as any[]).filter((e) => e.body?.type === 'text').sort((a, b) => a.seq - b.seq);
  const accepted = async (to: string) => (await sendAttempts(to)).filter((e) => e.outcome === 'accepted').map((e) => e.body.text.body as string);
  const logsFor = (from: string, count: number) =>
    waitFor(
      `${count} reply outcomes for ${from}`,
      async () => (await app.ctx.db('reply_logs as l').join('conversations as c', 'c.id', 'l.conversation_id').join('contact_identities as k', 'k.id', 'c.identity_id').where('k.external_id', from).orderBy('l.id').select('l.*')) as any[],
      (logs) => logs.length >= count,
    );
  const outboundTo = async (from: string) =>
    (await app.ctx.db('messages as m').join('contact_identities as k', 'k.id', 'm.identity_id').where({ 'k.external_id': from, 'm.direction': 'outbound' }).orderBy('m.id').select('m.*')) as any[];
  const fault = (count: number, error: string, phoneNumberId = PNID) => sandbox('POST', '/control/send-faults', { phone_number_id: phoneNumberId, count, error });
  const setFallback = (enabled: boolean, text = 'Thanks! We will answer soon.') => call('PUT', '/api/settings/fallback-reply', { enabled, text });
  const aiStatus = async () => (await call('GET', '/api/settings/ai-status')).body;

  before(async () => {
    app = await startTestApp({ REPLY_RETRY_BASE_MS: '20' });
    token = await app.login();
  });
  beforeEach(async () => {
    await app.ctx.db('reply_rules').delete();
    if (numberId) await sandbox('POST', '/control/send-faults', { phone_number_id: PNID, count: 0 });
  });
  after(() => app.stop());

  it('on a fresh install: AI status names each missing piece, and the agent answers with no credits', async () => {
    let status = await aiStatus();
    assert.equal(status.active, false);
    assert.deepEqual(status.reasons.map((r: any) => r.code), ['no_api_key', 'no_active_number']);
    assert.deepEqual(status.credits, { enforced: false, balance: null, perReply: 1 });

    const add = async (displayName: string, phoneNumberId: string) =>
      (await call('POST', '/api/accounts', { displayName, phoneNumberId, wabaId: '660000000931', accessToken: `sandbox-${phoneNumberId}`, sandbox: true })).body.id as string;
    numberId = await add('Front desk', PNID);
    number2Id = await add('Shop', PNID2);
    assert.deepEqual((await aiStatus()).reasons.map((r: any) => r.code), ['no_api_key', 'no_agent']);
    assert.equal((await call('PUT', `/api/accounts/${numberId}/agent`, { name: 'Desk', mode: 'system_prompt', systemPrompt: 'Help.' })).status, 200);
    assert.deepEqual((await aiStatus()).reasons.map((r: any) => r.code), ['no_api_key']);
    assert.equal((await call('PUT', '/api/settings/llm', { apiKey: 'sk-test-delivery', baseUrl: `${app.url}/sandbox/v1`, model: 'gpt-sim' })).status, 200);
    status = await aiStatus();
    assert.equal(status.active, true, JSON.stringify(status));
    assert.deepEqual(status.answeringNumbers, [{ id: numberId, name: 'Front desk' }]);

    const c = nextCustomer();
    await inbound(c, 'hello there');
    await waitFor('the agent reply', () => accepted(c), (r) => r.length === 1);
    const [log] = await logsFor(c, 1);
    assert.deepEqual([log.source, log.outcome, log.credits_charged], ['agent', 'sent', 0]);
    assert.equal((await call('GET', '/api/credits')).body.balance, 0, 'nothing charged while credits are not enforced');

    // Enforced with an empty balance: the status says why, and the agent stops
    assert.equal((await call('PUT', '/api/settings/llm', { creditsEnforced: true })).body.creditsEnforced, true);
    status = await aiStatus();
    assert.deepEqual(status.reasons.map((r: any) => r.code), ['no_credits']);
    assert.match(status.reasons[0].message, /balance \(0\)/);
    await inbound(c, 'still there?');
    assert.equal((await logsFor(c, 2))[1].outcome, 'no_credits');
    await call('POST', '/api/credits', { amount: 5 });
    assert.equal((await aiStatus()).active, true);
    await inbound(c, 'and now?');
    await waitFor('the charged reply', () => accepted(c), (r) => r.length === 2);
    assert.equal((await logsFor(c, 3))[2].credits_charged, 1);
    assert.equal((await call('GET', '/api/credits')).body.balance, 4);
    await call('PUT', '/api/settings/llm', { creditsEnforced: false });
    await call('DELETE', `/api/accounts/${numberId}/agent`);
  });

  it('retries a throttled reply with backoff until Meta accepts it', async () => {
    await call('POST', '/api/rules', { name: 'hours', keywords: ['hours'], reply: 'Open 9 to 6.' });
    await fault(2, 'throughput');
    const c = nextCustomer();
    await inbound(c, 'your hours?');
    const [log] = await logsFor(c, 1);
    assert.deepEqual([log.source, log.outcome], ['rule', 'sent']);
    const attempts = await sendAttempts(c);
    assert.deepEqual(attempts.map((a) => [a.outcome, a.error_code]), [['rejected', 130429], ['rejected', 130429], ['accepted', null]]);
    const [msg] = await outboundTo(c);
    assert.deepEqual([msg.status, msg.error_code, msg.body], ['sent', null, 'Open 9 to 6.']);
    assert.equal(msg.external_id, attempts[2].message_id);
  });

  it('after 3 retries keeps the reply as a failed message with Meta\'s reason, and Retry sends it', async () => {
    await call('POST', '/api/rules', { name: 'price', keywords: ['price'], reply: 'From ₹499.' });
    await fault(4, 'server');
    const c = nextCustomer();
    await inbound(c, 'price?');
    const [log] = await logsFor(c, 1);
    assert.equal(log.outcome, 'send_failed');
    assert.equal(log.detail, 'Something went wrong (131000) after 4 attempts');
    assert.equal((await sendAttempts(c)).length, 4, 'the first attempt and 3 retries');
    const [failed] = await outboundTo(c);
    assert.deepEqual([failed.status, failed.error_code, failed.error_title, failed.external_id, failed.body], ['failed', 131000, 'Something went wrong', null, 'From ₹499.']);
    assert.equal(log.reply_message_id, failed.id);

    const thread = await call('GET', `/api/inbox/conversations/${failed.conversation_id}/messages`);
    const shown = thread.body.messages.find((m: any) => m.id === failed.id);
    assert.deepEqual([shown.status, shown.errorCode, shown.errorTitle], ['failed', 131000, 'Something went wrong']);

    const retried = await call('POST', `/api/inbox/messages/${failed.id}/retry`);
    assert.equal(retried.status, 200, retried.text);
    assert.equal(retried.body.message.status, 'sent');
    assert.equal(retried.body.attempts, 1);
    assert.deepEqual(await accepted(c), ['From ₹499.']);
    const [after] = await outboundTo(c);
    assert.deepEqual([after.id, after.status, after.error_code, after.error_title], [failed.id, 'sent', null, null]);
    assert.ok(after.external_id);
    await waitFor('its statuses from the webhook', async () => (await outboundTo(c))[0].status, (s) => s === 'read');

    const again = await call('POST', `/api/inbox/messages/${failed.id}/retry`);
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'not_failed');
    const inboundMsg = await app.ctx.db('messages').where({ conversation_id: failed.conversation_id, direction: 'inbound' }).first('id');
    assert.equal((await call('POST', `/api/inbox/messages/${inboundMsg.id}/retry`)).status, 409);
    assert.equal((await call('POST', '/api/inbox/messages/999999999/retry')).status, 404);
    for (const bad of ['abc', '0', '-1', '1e5', '12345678901234567890']) assert.equal((await call('POST', `/api/inbox/messages/${bad}/retry`)).status, 400, bad);
  });

  it('does not retry a final refusal, and a Retry that fails again keeps the new reason', async () => {
    await call('POST', '/api/rules', { name: 'refund', keywords: ['refund'], reply: 'Refunds take 5 days.' });
    await fault(1, 'reengagement');
    const c = nextCustomer();
    await inbound(c, 'refund please');
    assert.equal((await logsFor(c, 1))[0].detail, 'Re-engagement message (131047) after 1 attempt');
    assert.equal((await sendAttempts(c)).length, 1);
    const [failed] = await outboundTo(c);
    await fault(4, 'unavailable');
    const r = await call('POST', `/api/inbox/messages/${failed.id}/retry`);
    assert.equal(r.status, 200);
    assert.equal(r.body.attempts, 4);
    assert.deepEqual([r.body.message.status, r.body.message.errorCode, r.body.message.errorTitle], ['failed', 131016, 'Service unavailable']);
    assert.equal((await sendAttempts(c)).length, 5);
  });

  it('sends the default fallback reply only when on, once per conversation, overridable per number', async () => {
    const c1 = nextCustomer();
    await inbound(c1, 'anyone?');
    assert.deepEqual((await logsFor(c1, 1)).map((l) => [l.source, l.outcome]), [['none', 'no_agent']], 'off by default');

    const bad = await setFallback(true, '   ');
    assert.equal(bad.status, 400);
    assert.match(bad.text, /must not be empty/);
    const on = await setFallback(true);
    assert.equal(on.status, 200);
    assert.deepEqual(on.body.global, { enabled: true, text: 'Thanks! We will answer soon.' });
    await inbound(c1, 'hello?');
    await waitFor('the fallback reply', () => accepted(c1), (r) => r.length === 1);
    await inbound(c1, 'hello again');
    const logs = await logsFor(c1, 3);
    assert.deepEqual(logs.map((l) => [l.source, l.outcome]), [['none', 'no_agent'], ['default', 'sent'], ['default', 'quiet_period']]);
    await waitFor('the reply read (statuses arrived)', async () => (await outboundTo(c1))[0]?.status, (s) => s === 'read');
    assert.deepEqual(await accepted(c1), ['Thanks! We will answer soon.'], 'once per conversation; status updates get no reply');

    // a rule still answers first
    await call('POST', '/api/rules', { name: 'hi', keywords: ['hi'], reply: 'Hi from a rule.' });
    const c2 = nextCustomer();
    await inbound(c2, 'hi');
    await waitFor('the rule reply', () => accepted(c2), (r) => r.length === 1);
    assert.deepEqual(await accepted(c2), ['Hi from a rule.']);

    // per number: its own text, or none
    const custom = await call('PUT', `/api/accounts/${number2Id}/fallback-reply`, { mode: 'custom', text: 'The shop answers at 10 am.' });
    assert.equal(custom.status, 200);
    assert.deepEqual(custom.body.numbers.find((n: any) => n.numberId === number2Id), { numberId: number2Id, mode: 'custom', text: 'The shop answers at 10 am.' });
    const c3 = nextCustomer();
    await inbound(c3, 'open today?', PNID2);
    await waitFor('the custom fallback', () => accepted(c3), (r) => r.length === 1);
    assert.deepEqual(await accepted(c3), ['The shop answers at 10 am.']);
    assert.equal((await call('PUT', `/api/accounts/${number2Id}/fallback-reply`, { mode: 'custom' })).status, 400);
    assert.equal((await call('PUT', `/api/accounts/${number2Id}/fallback-reply`, { mode: 'off' })).status, 200);
    const c4 = nextCustomer();
    await inbound(c4, 'open today?', PNID2);
    assert.deepEqual((await logsFor(c4, 1)).map((l) => l.outcome), ['no_agent']);
    assert.deepEqual(await accepted(c4), []);
    assert.equal((await call('PUT', '/api/accounts/00000000-0000-4000-8000-000000000000/fallback-reply', { mode: 'off' })).status, 404);

    // global off again: an inheriting number is silent
    await call('PUT', `/api/accounts/${number2Id}/fallback-reply`, { mode: 'inherit' });
    await setFallback(false);
    const c5 = nextCustomer();
    await inbound(c5, 'hello');
    assert.deepEqual((await logsFor(c5, 1)).map((l) => l.outcome), ['no_agent']);
  });

  it('never answers one of our own numbers, nor the same inbound message twice', async () => {
    await setFallback(true, 'Fallback text.');
    const own = nextCustomer();
    await app.ctx.db('channel_accounts').where({ id: number2Id }).update({ display_phone_number: `+${own.slice(0, 2)} ${own.slice(2, 7)} ${own.slice(7)}` });
    await inbound(own, 'loop?');
    assert.deepEqual((await logsFor(own, 1)).map((l) => l.outcome), ['own_number']);
    assert.deepEqual(await accepted(own), []);

    const c = nextCustomer();
    await inbound(c, 'first');
    await waitFor('the fallback', () => accepted(c), (r) => r.length === 1);
    const [log] = await logsFor(c, 1);
    const msg = await app.ctx.db('messages').where({ id: log.inbound_message_id }).first();
    // the same task again, as after a crash between the send and the task's end
    await app.ctx.db('reply_tasks').insert({ workspace_id: msg.workspace_id, conversation_id: msg.conversation_id, message_id: msg.id, message_at: msg.sent_at });
    app.ctx.wake.replies.notify();
    await waitFor('the task worked', async () => app.ctx.db('reply_tasks').where({ message_id: msg.id }).first(), (t) => !t);
    assert.deepEqual(await accepted(c), ['Fallback text.']);
    assert.equal((await logsFor(c, 1)).length, 1);
    await setFallback(false);
  });
});
