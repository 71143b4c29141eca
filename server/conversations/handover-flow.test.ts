import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword } from '../auth/passwords.ts';
import { startTestApp, waitFor, type TestApp } from '../test/harness.ts';
import { reopenDueSnoozes } from './service.ts';

// Handover end to end against the simulators: a customer asking for a person, a rule that hands
// over and the agent's handover tool each silence the bots in that conversation (on WhatsApp,
// Instagram and Messenger) until someone resumes them, resolves, or the idle time passes; the
// team is told, and auto-assignment takes turns among online people within their caps.
const PNID = '555000777';
const IG_ID = '17841400000000777';
const PAGE_ID = '104000000000777';

describe('handover to people', () => {
  let app: TestApp;
  let token: string;
  let whatsapp: string;
  let customer = 919700000000;
  const nextCustomer = () => String(++customer);
  const call = (method: string, path: string, json?: unknown, as = token) => app.call(method, path, as, json);
  const sandbox: TestApp['sandbox'] = (...args) => app.sandbox(...args);
  const send = (channel: 'whatsapp' | 'instagram' | 'messenger', from: string, text: string) =>
    sandbox('POST', '/control/inbound', channel === 'whatsapp'
      ? { phone_number_id: PNID, from, type: 'text', text, flush: true }
      : { channel, account_id: channel === 'instagram' ? IG_ID : PAGE_ID, from, type: 'text', text, flush: true });
  const textsTo = async (to: string) =>
    ((await sandbox('GET', `/control/requests?recipient=${to}&limit=100`)).entries as any[])
      .sort((a, b) => a.seq - b.seq)
      .map((e) => (e.body?.text?.body ?? e.body?.message?.text) as string | undefined)
      .filter(Boolean);
  const outcomes = (from: string, n: number) =>
    waitFor(`${n} reply outcomes for ${from}`, async () =>
      (await app.ctx.db('reply_logs as l').join('conversations as c', 'c.id', 'l.conversation_id').join('contact_identities as k', 'k.id', 'c.identity_id')
        .where('k.external_id', from).orderBy('l.id').select('l.source', 'l.outcome', 'l.detail')) as any[], (logs) => logs.length >= n);
  const conversationOf = async (from: string) => {
    const { id } = await app.ctx.db('conversations as c').join('contact_identities as k', 'k.id', 'c.identity_id').where('k.external_id', from).first('c.id');
    return (await call('GET', `/api/inbox/conversations/${id}/messages`)).body.conversation;
  };
  const agentUser = async (name: string, availability = 'online', max: number | null = null) => {
    const email = `${name.toLowerCase()}-${Date.now()}@example.com`;
    const [u] = await app.ctx.db('users').insert({ workspace_id: app.ctx.defaultWorkspaceId, email, name, role: 'agent', password_hash: await hashPassword('agent-password-123'), availability, max_open_conversations: max }).returning('id');
    const login = await app.request('/api/auth/login', { method: 'POST', json: { email, password: 'agent-password-123' } });
    return { id: u.id as string, token: ((await login.json()) as { accessToken: string }).accessToken };
  };

  before(async () => {
    app = await startTestApp();
    token = await app.login();
    await app.ctx.db('users').update({ availability: 'offline' }); // the admin takes no turns here
    whatsapp = (await call('POST', '/api/accounts', { displayName: 'Support', phoneNumberId: PNID, wabaId: '660000000777', accessToken: `sandbox-${PNID}`, sandbox: true })).body.id;
    for (const body of [
      { channel: 'instagram', igUserId: IG_ID, displayName: 'Shop IG', accessToken: 'sandbox-ig-token' },
      { channel: 'messenger', pageId: PAGE_ID, displayName: 'Shop Page', accessToken: 'sandbox-page-token' },
    ]) assert.equal((await call('POST', '/api/accounts', { sandbox: true, ...body })).status, 201);
    await call('PUT', '/api/settings/llm', { apiKey: 'sk-test-parley', baseUrl: `${app.url}/sandbox/v1`, model: 'gpt-sim' });
    await call('PUT', `/api/accounts/${whatsapp}/agent`, { name: 'Concierge', mode: 'system_prompt', systemPrompt: 'You sell parcels.' });
  });
  beforeEach(async () => {
    await app.ctx.db('reply_rules').delete();
    await call('POST', '/api/rules', { name: 'Prices', keywords: ['price'], reply: 'Plans start at ₹499.' });
    await call('PUT', '/api/settings/inbox', { handoverIdleMinutes: 1440, autoAssign: false, handoverMessage: 'A person will answer shortly.' });
    await sandbox('PATCH', '/control/openai/knobs', { toolCalls: null, defaultReply: null });
  });
  after(() => app?.stop());

  for (const channel of ['whatsapp', 'instagram', 'messenger'] as const) {
    it(`${channel}: a customer asking for a person is handed over, and the bots stay silent after`, async () => {
      const from = channel === 'whatsapp' ? nextCustomer() : String(6_400_000_000_000_000 + customer++);
      await send(channel, from, 'Can I talk to a human please?');
      assert.deepEqual((await outcomes(from, 1)).map((l) => [l.source, l.outcome]), [['handover', 'sent']]);
      const c = await conversationOf(from);
      assert.equal(c.botPaused.reason, 'customer_request');
      assert.ok(c.botPaused.resumesAt, 'the idle time ends the pause');
      await send(channel, from, 'What is the price?');
      assert.deepEqual((await outcomes(from, 2)).map((l) => l.outcome), ['sent', 'bot_paused']);
      assert.deepEqual(await textsTo(from), ['A person will answer shortly.'], 'nothing but the handover message went out');
      const n = await app.ctx.db('notifications').where({ type: 'handover', related_entity_id: c.id }).first();
      assert.equal(n.user_id, null, 'unassigned: the whole team is told');
    });
  }

  it('a rule that hands over sends its own reply; resuming lets the bots answer again', async () => {
    await call('POST', '/api/rules', { name: 'Refunds', keywords: ['refund'], reply: 'Let me get a colleague for your refund.', handsOver: true, priority: 5 });
    const from = nextCustomer();
    await send('whatsapp', from, 'I want a refund');
    await outcomes(from, 1);
    const c = await conversationOf(from);
    assert.equal(c.botPaused.reason, 'rule');
    await send('whatsapp', from, 'price?');
    await outcomes(from, 2);
    const resumed = await call('POST', `/api/inbox/conversations/${c.id}/bot`, { paused: false });
    assert.equal(resumed.body.botPaused, null);
    await send('whatsapp', from, 'price again?');
    await outcomes(from, 3);
    assert.deepEqual(await textsTo(from), ['Let me get a colleague for your refund.', 'Plans start at ₹499.']);
    const events = (await call('GET', `/api/inbox/conversations/${c.id}/events`)).body.items.map((e: any) => [e.type, e.actor?.name ?? null]);
    assert.deepEqual(events.slice(0, 3).map((e: any) => e[0]), ['bot_resumed', 'handover', 'bot_paused']);
  });

  it('the agent hands over through its tool; the idle time ends the pause', async () => {
    await sandbox('PATCH', '/control/openai/knobs', { toolCalls: [{ match: 'complaint', name: 'hand_over_to_human', arguments: { reason: 'angry customer with a complaint' } }] });
    const from = nextCustomer();
    await send('whatsapp', from, 'I have a complaint about my order');
    const [log] = await outcomes(from, 1);
    assert.deepEqual([log.source, log.outcome, log.detail], ['agent', 'sent', 'angry customer with a complaint']);
    const c = await conversationOf(from);
    assert.equal(c.botPaused.reason, 'agent');
    await app.ctx.db('conversations').where({ id: c.id }).update({ bot_resumes_at: new Date(Date.now() - 1000) });
    await send('whatsapp', from, 'hello?');
    await outcomes(from, 2);
    assert.deepEqual(await textsTo(from), ['A person will answer shortly.', 'Echo: hello?']);
  });

  it('resolving resumes the bots; a customer message reopens a resolved or snoozed conversation', async () => {
    const from = nextCustomer();
    await send('whatsapp', from, 'human');
    await outcomes(from, 1);
    const c = await conversationOf(from);
    const resolved = await call('POST', `/api/inbox/conversations/${c.id}/status`, { status: 'resolved' });
    assert.deepEqual([resolved.body.status, resolved.body.botPaused], ['resolved', null]);
    await send('whatsapp', from, 'price?');
    await outcomes(from, 2);
    assert.equal((await conversationOf(from)).status, 'open');
    assert.equal((await call('POST', `/api/inbox/conversations/${c.id}/status`, { status: 'snoozed', snoozedUntil: '2020-01-01T00:00:00Z' })).status, 422);
    assert.equal((await call('POST', `/api/inbox/conversations/${c.id}/status`, { status: 'snoozed' })).status, 400);
    const until = new Date(Date.now() + 3_600_000).toISOString();
    assert.equal((await call('POST', `/api/inbox/conversations/${c.id}/status`, { status: 'snoozed', snoozedUntil: until })).body.status, 'snoozed');
    await app.ctx.db('conversations').where({ id: c.id }).update({ snoozed_until: new Date(Date.now() - 1000) });
    assert.equal(await reopenDueSnoozes(app.ctx), 1);
    assert.equal((await conversationOf(from)).status, 'open');
    const kinds = (await call('GET', `/api/inbox/conversations/${c.id}/events`)).body.items.map((e: any) => `${e.type}:${e.detail.by ?? e.detail.to ?? ''}`);
    assert.deepEqual(kinds.slice(0, 5), ['reopened:snooze_ended', 'status:snoozed', 'reopened:customer_message', 'bot_resumed:resolved', 'status:resolved']);
  });

  it('auto-assignment takes turns among online people within their caps, and tells the assignee', async () => {
    await call('PUT', '/api/settings/inbox', { autoAssign: true });
    const asha = await agentUser('Asha');
    const ravi = await agentUser('Ravi', 'online', 1);
    await agentUser('Offline', 'offline');
    const assignees: Array<string | null> = [];
    for (let i = 0; i < 4; i++) {
      const from = nextCustomer();
      await send('whatsapp', from, 'agent please');
      await outcomes(from, 1);
      assignees.push((await conversationOf(from)).assignee?.id ?? null);
    }
    assert.deepEqual(assignees, [asha.id, ravi.id, asha.id, asha.id], 'Ravi holds one (his cap); the offline one gets none');
    const bell = (await call('GET', '/api/notifications', undefined, asha.token)).body.items;
    assert.equal(bell.filter((n: any) => n.type === 'conversation_assigned').length, 3);
    const ravisBell = (await call('GET', '/api/notifications', undefined, ravi.token)).body.items;
    assert.equal(ravisBell.filter((n: any) => n.type === 'conversation_assigned').length, 1, 'each sees only their own assignments');
    const counts = (await call('GET', '/api/inbox/counts', undefined, asha.token)).body;
    assert.equal(counts.mine, 3);
    await call('PUT', '/api/settings/inbox', { autoAssign: false });
  });

  it('assigns, labels and resolves in bulk, skipping what is not there; agents may, but not change settings', async () => {
    const agent = await agentUser('Bulk');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const from = nextCustomer();
      await send('whatsapp', from, 'price?');
      await outcomes(from, 1);
      ids.push((await conversationOf(from)).id);
    }
    const label = await call('POST', '/api/labels', { name: 'VIP', color: '#AA0000' });
    assert.deepEqual([label.status, label.body.color], [201, '#aa0000']);
    assert.equal((await call('POST', '/api/labels', { name: 'vip', color: '#00aa00' })).status, 409);
    assert.equal((await call('POST', '/api/labels', { name: 'Agents cannot', color: '#00aa00' }, agent.token)).status, 403);
    const missing = '00000000-0000-4000-8000-000000000000';
    const bulk = (action: string, extra: object, as = agent.token) => call('POST', '/api/inbox/conversations/bulk', { conversationIds: [...ids, missing], action, ...extra }, as);
    assert.deepEqual((await bulk('add_label', { labelId: label.body.id })).body, { updated: 3, skipped: [missing] });
    assert.deepEqual((await bulk('assign', { userId: agent.id })).body.updated, 3);
    assert.equal((await bulk('assign', { userId: missing })).status, 404);
    assert.equal((await bulk('status', {})).status, 400);
    assert.deepEqual((await bulk('status', { status: 'resolved' })).body.updated, 3);
    const second = (await call('POST', '/api/labels', { name: 'Refund', color: '#00aa00' })).body;
    const set = await call('PUT', `/api/inbox/conversations/${ids[1]}/labels`, { labelIds: [second.id, label.body.id] }, agent.token);
    assert.deepEqual(set.body.labels.map((l: any) => l.name), ['Refund', 'VIP']);
    assert.deepEqual((await call('PUT', `/api/inbox/conversations/${ids[1]}/labels`, { labelIds: [label.body.id] }, agent.token)).body.labels.map((l: any) => l.name), ['VIP']);
    assert.equal((await call('PUT', `/api/inbox/conversations/${ids[1]}/labels`, { labelIds: [missing] }, agent.token)).status, 404);
    const labels = (await call('GET', '/api/labels', undefined, agent.token)).body.items.filter((l: any) => l.name === 'VIP');
    assert.deepEqual(labels.map((l: any) => [l.name, l.conversations]), [['VIP', 3]]);
    const c = (await call('GET', `/api/inbox/conversations/${ids[0]}/messages`, undefined, agent.token)).body.conversation;
    assert.deepEqual([c.status, c.assignee.name, c.labels.map((l: any) => l.name)], ['resolved', 'Bulk', ['VIP']]);
    assert.equal((await call('PUT', '/api/settings/inbox', { autoAssign: true }, agent.token)).status, 403);
    assert.equal((await call('GET', '/api/settings/inbox', undefined, agent.token)).status, 200);
    assert.equal((await call('PUT', '/api/me/availability', { availability: 'away' }, agent.token)).body.availability, 'away');
  });

  it('counts unread customer messages until someone opens the conversation', async () => {
    const from = nextCustomer();
    await send('whatsapp', from, 'price?');
    await send('whatsapp', from, 'hello?');
    await outcomes(from, 2);
    const c = await conversationOf(from);
    assert.equal(c.unreadCount, 2);
    assert.equal((await call('POST', `/api/inbox/conversations/${c.id}/read`, {})).body.unreadCount, 0);
  });
});
