import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../test/harness.ts';

// Instagram and Messenger end to end against the simulators: DMs arrive as the simulator's signed
// webhooks, rules and agents answer through the Send API with the account's token, echoes and
// standby threads are recorded and never answered, the 24-hour window holds, and a dead token
// deactivates the account once.
const IG_ID = '17841400000000901';
const PAGE_ID = '104000000000902';

describe('Instagram and Messenger replies against the simulators', () => {
  let app: TestApp;
  let token: string;
  let igAccount: string;
  let pageAccount: string;
  let customer = 6_543_210_000_000_000;
  const nextCustomer = () => String(++customer);
  const call = (method: string, path: string, json?: unknown) => app.call(method, path, token, json);
  const sandbox: TestApp['sandbox'] = (...args) => app.sandbox(...args);
  const dm = (channel: 'instagram' | 'messenger', from: string, body: Record<string, unknown>) =>
    sandbox('POST', '/control/inbound', { channel, account_id: channel === 'instagram' ? IG_ID : PAGE_ID, from, flush: true, ...body });
  /** The Send API bodies the app posted to `to`, oldest first. */
  const sendsTo = async (to: string) =>
    ((await sandbox('GET', `/control/requests?recipient=${to}&limit=100`)).entries as any[]).sort((a, b) => a.seq - b.seq);
  const logsFor = (from: string) =>
    app.ctx.db('reply_logs as l').join('conversations as c', 'c.id', 'l.conversation_id').join('contact_identities as k', 'k.id', 'c.identity_id')
      .where('k.external_id', from).orderBy('l.id').select('l.*') as Promise<any[]>;
  const messagesOf = (from: string) =>
    app.ctx.db('messages as m').join('contact_identities as k', 'k.id', 'm.identity_id').where('k.external_id', from).orderBy('m.id').select('m.*', 'k.channel') as Promise<any[]>;
  const stored = (from: string, n: number) => waitFor(`${n} messages of ${from}`, () => messagesOf(from), (ms) => ms.length >= n);

  before(async () => {
    app = await startTestApp();
    token = await app.login();
    const add = async (body: Record<string, unknown>) => {
      const r = await call('POST', '/api/accounts', { sandbox: true, ...body });
      assert.equal(r.status, 201, r.text);
      return r.body;
    };
    const ig = await add({ channel: 'instagram', igUserId: IG_ID, displayName: 'Lucky Parcel IG', accessToken: 'sandbox-ig-token' });
    assert.deepEqual([ig.channel, ig.externalId, ig.handle, ig.isSandbox], ['instagram', IG_ID, '@luckyparcelig', true]);
    igAccount = ig.id;
    pageAccount = (await add({ channel: 'messenger', pageId: PAGE_ID, displayName: 'Lucky Parcel Page', accessToken: 'sandbox-page-token' })).id;
    await call('PUT', '/api/settings/llm', { apiKey: 'sk-test-parley', baseUrl: `${app.url}/sandbox/v1`, model: 'gpt-sim' });
  });
  beforeEach(async () => {
    await app.ctx.db('reply_rules').delete();
    assert.equal((await call('POST', '/api/rules', { name: 'Prices', keywords: ['price'], reply: 'Plans start at ₹499 a month.' })).status, 201);
  });
  after(() => app?.stop());

  it('refuses an account whose token Meta refuses, with the reason', async () => {
    const r = await call('POST', '/api/accounts/test-connection', { channel: 'messenger', pageId: PAGE_ID, accessToken: 'not-the-page-token', sandbox: true });
    assert.equal(r.status, 422);
    assert.match(r.body.error.message, /access token is invalid or expired.*190/);
  });

  for (const channel of ['instagram', 'messenger'] as const) {
    it(`${channel}: a DM matching a rule is stored and answered through the Send API inside the window`, async () => {
      const from = nextCustomer();
      await dm(channel, from, { type: 'text', text: 'What is the price?' });
      const [inbound, reply] = await stored(from, 2);
      assert.deepEqual([inbound.channel, inbound.direction, inbound.type, inbound.body], [channel, 'inbound', 'text', 'What is the price?']);
      assert.deepEqual([reply.direction, reply.body, reply.status], ['outbound', 'Plans start at ₹499 a month.', 'sent']);
      const [send] = await sendsTo(from);
      assert.equal(send.object_id, channel === 'instagram' ? IG_ID : PAGE_ID);
      assert.deepEqual(send.body, { recipient: { id: from }, messaging_type: 'RESPONSE', message: { text: 'Plans start at ₹499 a month.' } });
      assert.equal(reply.external_id, send.message_id, "the reply carries Meta's message id");
      const [log] = await logsFor(from);
      assert.deepEqual([log.source, log.outcome], ['rule', 'sent']);
      const conv = (await call('GET', `/api/inbox/conversations?channel=${channel}`)).body.items.find((c: any) => c.contact.externalId === from);
      assert.equal(conv.channel, channel);
    });
  }

  it('the agent answers an Instagram DM no rule matches, one message per 1,000 bytes', async () => {
    await call('PUT', `/api/accounts/${igAccount}/agent`, { name: 'Concierge', mode: 'system_prompt', systemPrompt: 'You sell parcels.' });
    const long = `${'Our parcels ship across India in two days. '.repeat(40)}Anything else?`;
    await sandbox('PATCH', '/control/openai/knobs', { defaultReply: long });
    const from = nextCustomer();
    await dm('instagram', from, { type: 'text', text: 'Do you ship to Pune?' });
    const logs = await waitFor('the agent reply', () => logsFor(from), (l) => l.length === 1);
    assert.deepEqual([logs[0].source, logs[0].outcome], ['agent', 'sent']);
    const sends = await sendsTo(from);
    assert.ok(sends.length >= 2, 'a long answer goes out as several messages');
    for (const s of sends) assert.ok(Buffer.byteLength(s.body.message.text) <= 1000);
    assert.equal(sends.map((s) => s.body.message.text).join(' '), long);
    await sandbox('PATCH', '/control/openai/knobs', { defaultReply: null });
    await call('DELETE', `/api/accounts/${igAccount}/agent`);
  });

  it('records echoes (sent from the Instagram app) and standby messages, and answers neither', async () => {
    const from = nextCustomer();
    await dm('instagram', from, { type: 'text', text: 'price please', standby: true });
    await dm('instagram', from, { type: 'echo', text: 'Hi! Our price list is on the way.' });
    const [standby, echo] = await stored(from, 2);
    assert.deepEqual([standby.direction, standby.body], ['inbound', 'price please']);
    assert.deepEqual([echo.direction, echo.body, echo.status], ['outbound', 'Hi! Our price list is on the way.', 'sent']);
    await new Promise((r) => setTimeout(r, 1500)); // the reply worker had its chance
    assert.deepEqual(await sendsTo(from), []);
    assert.deepEqual(await logsFor(from), []);
    assert.equal((await app.ctx.db('reply_tasks').whereIn('message_id', [standby.id, echo.id])).length, 0);
  });

  it('outside the 24-hour window sends nothing and logs why', async () => {
    const from = nextCustomer();
    await dm('messenger', from, { type: 'text', text: 'price?', timestamp: Date.now() - 25 * 3600_000 });
    const [log] = await waitFor('the window outcome', () => logsFor(from), (l) => l.length === 1);
    assert.deepEqual([log.source, log.outcome], ['none', 'window_closed']);
    assert.deepEqual(await sendsTo(from), []);
  });

  it("Meta's window refusal is final: one attempt, a failed message with our title and Meta's code", async () => {
    const from = nextCustomer();
    await sandbox('POST', '/control/send-faults', { account_id: PAGE_ID, count: 1, error: 'window' });
    await dm('messenger', from, { type: 'text', text: 'price?' });
    const [log] = await waitFor('the failure', () => logsFor(from), (l) => l.length === 1);
    assert.equal(log.outcome, 'send_failed');
    assert.match(log.detail, /^Outside the messaging window \(10\) after 1 attempt$/);
    const failed = (await messagesOf(from)).find((m) => m.direction === 'outbound');
    assert.deepEqual([failed.status, failed.error_code, failed.error_title, failed.external_id], ['failed', 10, 'Outside the messaging window', null]);
  });

  it('reactions, edits and read receipts land on their messages', async () => {
    const from = nextCustomer();
    await dm('instagram', from, { type: 'text', text: 'price' });
    const [first, reply] = await stored(from, 2);
    await dm('instagram', from, { type: 'message_edit', text: 'price of the big box' });
    await dm('instagram', from, { type: 'reaction' });
    await dm('instagram', from, { type: 'read' });
    const settled = await waitFor('edit, reaction and read applied', () => messagesOf(from), (ms) =>
      ms.find((m) => m.id === first.id)?.edit_count === 1 && !!ms.find((m) => m.id === reply.id)?.reaction && ms.find((m) => m.id === reply.id)?.status === 'read');
    assert.equal(settled.find((m) => m.id === first.id).body, 'price of the big box');
    assert.equal(settled.length, 2, 'none of them is a message of its own');
  });

  it('a dead token (190) deactivates the account with one notification, and the reply is kept failed', async () => {
    await sandbox('POST', '/control/send-faults', { account_id: PAGE_ID, count: 2, error: 'token' });
    for (const from of [nextCustomer(), nextCustomer()]) {
      await dm('messenger', from, { type: 'text', text: 'price' });
      await waitFor('the failure', () => logsFor(from), (l) => l.length === 1);
    }
    const account = (await call('GET', '/api/accounts?channel=messenger')).body.items[0];
    assert.deepEqual([account.id, account.isActive], [pageAccount, false]);
    assert.match(account.inactiveReason, /token expired or invalid/);
    const notes = await app.ctx.db('notifications').where({ type: 'token_expired', related_entity_id: pageAccount });
    assert.equal(notes.length, 1);
    assert.equal(notes[0].title, 'Messenger token expired');
    assert.equal(notes[0].action_url, `/channels?update=${pageAccount}`);
  });
});
