import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ensureIdentities } from '../contacts/identities.ts';
import { startTestApp, waitFor, type TestApp } from '../test/harness.ts';
import { openSse, startVisitor, type TestVisitor } from '../test/webchat.ts';

// Web chat live, end to end on the real app (its reply worker running): a visitor's message is
// answered by a rule and the answer arrives on their stream; a person's reply from the inbox too,
// after which the bots stay silent; notes never reach the visitor; ticks follow (delivered when
// the stream got it, read when the panel showed it); typing goes both ways; an email or phone
// links the visitor to the person who has it.
const SHOP = 'https://shop.example.com';

describe('web chat: live conversations', () => {
  let app: TestApp;
  let admin: string;
  let widget: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  const call = (method: string, path: string, json?: unknown) => app.call(method, path, admin, json);
  const conversationOf = async (v: TestVisitor) =>
    (await app.ctx.db('conversations as c').join('contact_identities as k', 'k.id', 'c.identity_id').where({ 'k.external_id': v.visitorId }).first('c.*')) as any;
  const messagesOf = async (v: TestVisitor) => app.ctx.db('messages').where({ conversation_id: (await conversationOf(v)).id }).orderBy('id') as Promise<any[]>;
  const logsOf = async (v: TestVisitor) => app.ctx.db('reply_logs').where({ conversation_id: (await conversationOf(v)).id }).orderBy('id') as Promise<any[]>;

  before(async () => {
    app = await startTestApp();
    admin = await app.login();
    widget = (await call('POST', '/api/webchat/widgets', { name: 'Lucky Parcel', allowedOrigins: [SHOP] })).body;
    assert.equal((await call('POST', '/api/rules', { name: 'Prices', keywords: ['price'], reply: 'Plans start at ₹499 a month.' })).status, 201);
  });
  after(() => app?.stop());

  it('a rule answers "price" and the answer arrives on the stream, then turns delivered, and read once shown', async () => {
    const v = await startVisitor(app, widget.key, SHOP);
    const stream = await v.stream(); // opened before the first message: it waits for the conversation
    assert.equal(stream.status, 200);
    assert.equal(stream.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    await stream.next('ready');
    const mine = await v.say('What is the price?');
    assert.deepEqual([mine.from, mine.text, mine.author], ['visitor', 'What is the price?', null]);
    const answer = await stream.next('message', (m) => m.from === 'business');
    assert.deepEqual([answer.text, answer.author], ['Plans start at ₹499 a month.', 'Lucky Parcel']);
    assert.ok(stream.events.some((e) => e.event === 'message' && JSON.parse(e.data).id === mine.id), 'the stream carries the visitor’s own message too');
    assert.equal(stream.events.find((e) => e.event === 'message' && JSON.parse(e.data).id === answer.id)!.id, answer.id, 'the SSE id is the message id');
    const [log] = await logsOf(v);
    assert.deepEqual([log.source, log.outcome], ['rule', 'sent']);
    const status = async () => (await messagesOf(v)).find((m) => String(m.id) === answer.id).status;
    await waitFor('delivered', status, (s) => s === 'delivered');
    assert.equal((await v.call('POST', '/api/widget/read', { upTo: answer.id })).status, 204);
    await waitFor('read', status, (s) => s === 'read');
    const thread = (await call('GET', `/api/inbox/conversations/${(await conversationOf(v)).id}/messages`)).body;
    assert.deepEqual([thread.conversation.channel, thread.messages.at(-1).status], ['webchat', 'read']);
    assert.equal((await call('GET', '/api/inbox/conversations?channel=webchat')).body.items.some((c: any) => c.id === thread.conversation.id), true);
    stream.close();
  });

  it("a person's reply from the inbox reaches the stream with their name, and the bots stay silent afterwards", async () => {
    await app.ctx.db('users').update({ name: 'Priya' });
    const v = await startVisitor(app, widget.key, SHOP);
    await v.say('hello');
    await waitFor('the bots to pass', () => logsOf(v), (l) => l.length === 1);
    const stream = await v.stream();
    await stream.next('ready');
    const conv = await conversationOf(v);
    const window = (await call('GET', `/api/inbox/conversations/${conv.id}/reply-window`)).body;
    assert.deepEqual([window.channel, window.state, window.endsAt], ['webchat', 'open', null]);
    const sent = await call('POST', `/api/inbox/conversations/${conv.id}/messages`, { text: 'Hi, Priya here. How can I help?' });
    assert.equal(sent.status, 201, sent.text);
    const got = await stream.next('message', (m) => m.from === 'business');
    assert.deepEqual([got.text, got.author], ['Hi, Priya here. How can I help?', 'Priya']);
    const tpl = await call('POST', `/api/inbox/conversations/${conv.id}/messages`, { template: { name: 'x', language: 'en' } });
    assert.equal(tpl.status, 422);
    assert.equal(tpl.body.error.code, 'template_whatsapp_only');

    await v.say('what is the price?');
    const logs = await waitFor('the bot to decide', () => logsOf(v), (l) => l.length === 2);
    assert.deepEqual([logs[1].source, logs[1].outcome], ['none', 'bot_paused']);
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(!stream.events.some((e) => e.data.includes('₹499')), 'no bot answer after a person replied');
    stream.close();
  });

  it('a private note never reaches the visitor, in the history or on the stream', async () => {
    const v = await startVisitor(app, widget.key, SHOP);
    await v.say('hello again');
    const stream = await v.stream();
    await stream.next('ready');
    const conv = await conversationOf(v);
    assert.equal((await call('POST', `/api/inbox/conversations/${conv.id}/notes`, { text: 'internal: VIP customer' })).status, 201);
    assert.equal((await call('POST', `/api/inbox/conversations/${conv.id}/messages`, { text: 'after the note' })).status, 201);
    await stream.next('message', (m) => m.text === 'after the note');
    const history = (await v.call('GET', '/api/widget/messages')).body.messages.map((m: any) => m.text);
    assert.ok(!history.includes('internal: VIP customer') && history.includes('after the note'), history.join(' | '));
    assert.ok(!stream.events.some((e) => e.data.includes('VIP')));
    const catchUp = (await v.call('GET', '/api/widget/messages?after=1')).body.messages.map((m: any) => m.text);
    assert.ok(!catchUp.includes('internal: VIP customer'));
    stream.close();
  });

  it('a reconnecting stream catches up from its last message (after= or Last-Event-ID); history pages back', async () => {
    const v = await startVisitor(app, widget.key, SHOP);
    const first = await v.say('one');
    await v.say('two');
    await v.say('three');
    const fromQuery = await v.stream(`?after=${first.id}`);
    assert.deepEqual([(await fromQuery.next('message', (m) => m.text === 'two')).text, (await fromQuery.next('message', (m) => m.text === 'three')).text], ['two', 'three']);
    fromQuery.close();
    const fromHeader = await v.stream('', { 'last-event-id': first.id });
    await fromHeader.next('message', (m) => m.text === 'three');
    fromHeader.close();
    const newest = (await v.call('GET', '/api/widget/messages?limit=2')).body;
    assert.deepEqual([newest.messages.map((m: any) => m.text), newest.hasOlder], [['two', 'three'], true]);
    const older = (await v.call('GET', `/api/widget/messages?limit=2&before=${newest.messages[0].id}`)).body;
    assert.deepEqual([older.messages.map((m: any) => m.text), older.hasOlder], [['one'], false]);
  });

  it('typing goes both ways: a person typing reaches the stream, the visitor typing reaches the dashboard', async () => {
    const v = await startVisitor(app, widget.key, SHOP);
    await v.say('hi there');
    const conv = await conversationOf(v);
    const stream = await v.stream();
    await stream.next('ready');
    const dashboard = await openSse(`${app.url}/api/events`, { authorization: `Bearer ${admin}` });
    await dashboard.next('ready');
    assert.equal((await call('POST', `/api/inbox/conversations/${conv.id}/typing`, { typing: true })).status, 204);
    assert.deepEqual(await stream.next('typing'), { typing: true, author: 'Priya' });
    assert.equal((await v.call('POST', '/api/widget/typing', { typing: true })).status, 204);
    const change = await dashboard.next('change', (c) => c.topic === 'typing' && c.typing.from === 'visitor');
    assert.deepEqual(change, { topic: 'typing', action: 'update', id: conv.id, typing: { typing: true, from: 'visitor', author: null } });
    assert.equal((await v.call('POST', '/api/widget/typing', { typing: true })).status, 204, 'a second within the second is dropped, not refused');
    assert.equal((await call('POST', '/api/inbox/conversations/00000000-0000-4000-8000-000000000000/typing', { typing: true })).status, 404);
    stream.close();
    dashboard.close();
  });

  it("an email in the visitor's message links them to the person who has it; the visitor's own empty person goes", async () => {
    const db = app.ctx.db;
    const ws = app.ctx.defaultWorkspaceId;
    const ids = await ensureIdentities(db, [{ workspaceId: ws, channel: 'whatsapp', externalId: '919800011111', profileName: 'Asha Rao' }]);
    const waIdentity = [...ids.values()][0]!;
    const asha = (await db('contact_identities').where({ id: waIdentity }).first('contact_id')).contact_id;
    await db('contacts').where({ id: asha }).update({ email: 'asha@example.com' });

    const v = await startVisitor(app, widget.key, SHOP);
    await v.say('hello');
    const before = await db('contact_identities').where({ channel: 'webchat', external_id: v.visitorId }).first();
    await v.say('you can reach me at Asha@Example.COM thanks');
    const after = await db('contact_identities').where({ channel: 'webchat', external_id: v.visitorId }).first();
    assert.equal(after.contact_id, asha, 'the visitor is Asha now');
    assert.equal(after.email, 'asha@example.com');
    assert.equal(await db('contacts').where({ id: before.contact_id }).first(), undefined, "the visitor's own person is gone");
    const again = await startVisitor(app, widget.key, SHOP, v.token);
    assert.deepEqual(again.session.visitor, { name: null, email: 'asha@example.com', phone: null }, 'the visitor sees only what they gave');

    // By phone: the digits of a WhatsApp identity's wa_id.
    const ravi = [...(await ensureIdentities(db, [{ workspaceId: ws, channel: 'whatsapp', externalId: '919800022222', profileName: 'Ravi' }])).values()][0]!;
    const raviPerson = (await db('contact_identities').where({ id: ravi }).first('contact_id')).contact_id;
    const w = await startVisitor(app, widget.key, SHOP);
    const form = await w.call('POST', '/api/widget/visitor', { name: 'R', phone: '+91 98000 22222' });
    assert.deepEqual(form.body, { name: 'R', email: null, phone: '919800022222' });
    assert.equal((await db('contact_identities').where({ channel: 'webchat', external_id: w.visitorId }).first()).contact_id, raviPerson);
    assert.equal((await db('contacts').where({ id: raviPerson }).first()).name, 'Ravi', "a known person's name is kept");

    // Nobody has it: it is stored on the visitor's own person.
    const x = await startVisitor(app, widget.key, SHOP);
    await x.call('POST', '/api/widget/visitor', { email: 'new.person@example.com' });
    const mine = await db('contact_identities as k').join('contacts as p', 'p.id', 'k.contact_id').where({ 'k.external_id': x.visitorId }).first('p.email', 'p.id');
    assert.equal(mine.email, 'new.person@example.com');
    assert.notEqual(mine.id, asha);
  });
});
