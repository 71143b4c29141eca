import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { recentTurns } from '../agents/queries.ts';
import { startTestApp, waitFor, type TestApp } from '../test/harness.ts';

// Replying from the inbox against the simulator, on each channel: what reaches Meta (the Graph
// bodies the simulator logged), what the thread records, the windows (WhatsApp's 24 hours and
// templates after them; Instagram and Messenger's HUMAN_AGENT tag up to 7 days), refusals
// recorded as failed with Meta's code, private notes that never leave, and the bots staying
// silent after a person answered.
const PNID = '555000401';
const WABA = '660000000401';
const IG_ID = '17841400000000401';
const PAGE_ID = '104000000000401';
const HOUR = 3600_000;

describe('replying from the inbox', () => {
  let app: TestApp;
  let token: string;
  const accounts: Record<string, string> = {};
  let customer = 919_800_040_000;
  const next = () => String(++customer);
  const call = (method: string, path: string, json?: unknown) => app.call(method, path, token, json);
  /** A customer's message through the simulator's signed webhook; `agoMs` back-dates it. */
  const inbound = async (channel: 'whatsapp' | 'instagram' | 'messenger', from: string, text: string, agoMs = 0) => {
    const at = Date.now() - agoMs;
    if (channel === 'whatsapp') await app.sandbox('POST', '/control/inbound', { phone_number_id: PNID, from, name: 'Asha Rao', type: 'text', text, flush: true, timestamp: Math.floor(at / 1000) });
    else await app.sandbox('POST', '/control/inbound', { channel, account_id: channel === 'instagram' ? IG_ID : PAGE_ID, from, type: 'text', text, flush: true, timestamp: at });
  };
  const messagesOf = (from: string) =>
    app.ctx.db('messages as m').join('contact_identities as k', 'k.id', 'm.identity_id').where('k.external_id', from).orderBy('m.id').select('m.*') as Promise<any[]>;
  const stored = (from: string, n: number) => waitFor(`${n} messages of ${from}`, () => messagesOf(from), (ms) => ms.length >= n);
  const conversationOf = async (from: string) =>
    (await app.ctx.db('conversations as c').join('contact_identities as k', 'k.id', 'c.identity_id').where('k.external_id', from).first('c.*')) as any;
  /** The Graph sends the simulator logged for `to`, oldest first. */
  const sendsTo = async (to: string) => ((await app.sandbox('GET', `/control/requests?recipient=${to}&limit=100`)).entries as any[]).sort((a, b) => a.seq - b.seq);
  const reply = async (from: string, body: unknown) => call('POST', `/api/inbox/conversations/${(await conversationOf(from)).id}/messages`, body);
  const logsFor = (from: string) =>
    app.ctx.db('reply_logs as l').join('messages as m', 'm.id', 'l.inbound_message_id').join('contact_identities as k', 'k.id', 'm.identity_id')
      .where('k.external_id', from).orderBy('l.id').select('l.*', 'm.body as inbound_body') as Promise<any[]>;
  /** A customer who wrote `agoMs` ago on `channel`, with their message stored (no bot answers it: no rule matches, no agent). */
  const customerOn = async (channel: 'whatsapp' | 'instagram' | 'messenger', agoMs = 0) => {
    const from = channel === 'whatsapp' ? next() : `65432100${next()}`;
    await inbound(channel, from, 'hello there', agoMs);
    await stored(from, 1);
    await waitFor('the bots to pass', () => logsFor(from), (l) => l.length === 1);
    return from;
  };

  before(async () => {
    app = await startTestApp();
    token = await app.login();
    const add = async (body: Record<string, unknown>) => {
      const r = await call('POST', '/api/accounts', { sandbox: true, ...body });
      assert.equal(r.status, 201, r.text);
      return r.body.id as string;
    };
    accounts.whatsapp = await add({ displayName: 'Desk', phoneNumberId: PNID, wabaId: WABA, accessToken: 'sandbox-desk' });
    accounts.instagram = await add({ channel: 'instagram', igUserId: IG_ID, displayName: 'Shop IG', accessToken: 'sandbox-ig' });
    accounts.messenger = await add({ channel: 'messenger', pageId: PAGE_ID, displayName: 'Shop Page', accessToken: 'sandbox-page' });
    await app.sandbox('POST', '/control/templates', {
      waba_id: WABA,
      templates: [
        { name: 'follow_up', category: 'UTILITY', status: 'APPROVED', language: 'en_US', components: [{ type: 'BODY', text: 'Hi {{1}}, about your order {{2}}: can we help?' }] },
        { name: 'invoice', category: 'UTILITY', status: 'APPROVED', language: 'en_US', components: [{ type: 'HEADER', format: 'DOCUMENT' }, { type: 'BODY', text: 'Your invoice is attached.' }] },
      ],
    });
    await call('POST', '/api/templates/sync', { numberId: accounts.whatsapp });
    await waitFor('the synced templates', () => app.ctx.db('templates').count<{ count: string }[]>('* as count'), (r) => Number(r[0]!.count) === 2);
    await app.sandbox('PATCH', '/control/knobs', { statusDelaysMs: { sent: 20, delivered: 50, read: 100 } });
    assert.equal((await call('POST', '/api/rules', { name: 'Prices', keywords: ['price'], reply: 'Plans start at ₹499 a month.' })).status, 201);
  });
  after(() => app?.stop());

  it('WhatsApp inside the window: the text reaches Meta, is recorded as sent by the person, and its ticks follow', async () => {
    const from = await customerOn('whatsapp');
    const conv = await conversationOf(from);
    assert.equal((await call('GET', `/api/inbox/conversations/${conv.id}/reply-window`)).body.state, 'open');
    const r = await reply(from, { text: 'Hello Asha, your parcel ships today.' });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual([r.body.message.direction, r.body.message.type, r.body.message.status, r.body.message.sentBy.name], ['outbound', 'text', 'sent', 'admin@example.com']);
    const [send] = await sendsTo(from);
    assert.deepEqual(send.body, { messaging_product: 'whatsapp', recipient_type: 'individual', to: from, type: 'text', text: { body: 'Hello Asha, your parcel ships today.', preview_url: false } });
    assert.equal(r.body.message.externalId, send.message_id);
    await waitFor('read ticks', async () => (await messagesOf(from)).at(-1).status, (s) => s === 'read');
    const after = await conversationOf(from);
    assert.equal(after.last_message_preview, 'Hello Asha, your parcel ships today.');
    assert.equal(after.bot_paused_reason, 'human_reply', 'a human reply pauses the bots');
  });

  it('WhatsApp: a reply quoting a message, and media by URL with a caption or a filename', async () => {
    const from = await customerOn('whatsapp');
    const [first] = await messagesOf(from);
    const quoted = await reply(from, { text: 'About this:', replyToMessageId: first.id });
    assert.equal(quoted.status, 201, quoted.text);
    assert.equal(quoted.body.message.contextExternalId, first.external_id);
    const image = await reply(from, { media: { type: 'image', url: 'https://cdn.example.com/parcel.jpg', caption: 'Your parcel' } });
    const doc = await reply(from, { media: { type: 'document', url: 'https://cdn.example.com/invoice.pdf', filename: 'invoice.pdf' } });
    const audio = await reply(from, { media: { type: 'audio', url: 'https://cdn.example.com/note.ogg', caption: 'ignored for audio' } });
    for (const x of [image, doc, audio]) assert.equal(x.status, 201, x.text);
    const bodies = (await sendsTo(from)).map((s) => s.body);
    assert.deepEqual(bodies[0].context, { message_id: first.external_id });
    assert.deepEqual([bodies[1].type, bodies[1].image], ['image', { link: 'https://cdn.example.com/parcel.jpg', caption: 'Your parcel' }]);
    assert.deepEqual(bodies[2].document, { link: 'https://cdn.example.com/invoice.pdf', filename: 'invoice.pdf' });
    assert.deepEqual(bodies[3].audio, { link: 'https://cdn.example.com/note.ogg' });
    assert.deepEqual([image.body.message.type, image.body.message.body, image.body.message.payload], ['image', 'Your parcel', { link: 'https://cdn.example.com/parcel.jpg', caption: 'Your parcel' }]);
    assert.equal((await conversationOf(from)).last_message_preview, '[audio]');
  });

  it('WhatsApp after 24 hours: free-form refused with when it closed, a template sent instead', async () => {
    const from = await customerOn('whatsapp', 25 * HOUR);
    const conv = await conversationOf(from);
    const lastAt = new Date((await messagesOf(from))[0].sent_at).getTime();
    const refused = await reply(from, { text: 'Still there?' });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.error.code, 'window_closed');
    assert.equal(refused.body.error.details.window.state, 'template_only');
    assert.equal(refused.body.error.details.window.closedAt, new Date(lastAt + 24 * HOUR).toISOString());
    assert.equal((await call('POST', `/api/inbox/conversations/${conv.id}/messages`, { media: { type: 'image', url: 'https://cdn.example.com/a.jpg' } })).body.error.code, 'window_closed');
    const w = (await call('GET', `/api/inbox/conversations/${conv.id}/reply-window`)).body;
    assert.deepEqual([w.state, w.closedAt], ['template_only', new Date(lastAt + 24 * HOUR).toISOString()]);

    const templates = (await call('GET', `/api/inbox/conversations/${conv.id}/templates`)).body.items;
    assert.deepEqual(templates.map((t: any) => [t.name, t.needs]), [
      ['follow_up', { headerMedia: null, variables: 2, named: [] }],
      ['invoice', { headerMedia: 'document', variables: 0, named: [] }],
    ]);
    const bad = [
      [{ name: 'follow_up', language: 'en_US', variables: ['Asha'] }, /needs 2 variables/],
      [{ name: 'follow_up', language: 'en_US', variables: ['a', 'b', 'c'] }, /takes 2 variables; 3 were given/],
      [{ name: 'invoice', language: 'en_US' }, /DOCUMENT header: send headerMediaUrl/],
      [{ name: 'follow_up', language: 'en_US', variables: ['a', 'b'], headerMediaUrl: 'https://x.example/a.pdf' }, /no media header/],
    ] as const;
    for (const [template, reason] of bad) {
      const x = await reply(from, { template });
      assert.equal(x.status, 422, x.text);
      assert.equal(x.body.error.code, 'template_values');
      assert.match(x.body.error.message, reason);
    }
    assert.equal((await reply(from, { template: { name: 'nope', language: 'en_US' } })).body.error.code, 'unknown_template');
    assert.equal((await sendsTo(from)).length, 0, 'nothing refused reached Meta');

    const sent = await reply(from, { template: { name: 'follow_up', language: 'en_US', variables: ['Asha', 'A-17'] } });
    assert.equal(sent.status, 201, sent.text);
    assert.deepEqual([sent.body.message.type, sent.body.message.templateName, sent.body.message.body, sent.body.message.status], ['template', 'follow_up', 'Hi Asha, about your order A-17: can we help?', 'sent']);
    const invoice = await reply(from, { template: { name: 'invoice', language: 'en_US', headerMediaUrl: 'https://cdn.example.com/inv.pdf' } });
    assert.equal(invoice.status, 201, invoice.text);
    const [a, b] = (await sendsTo(from)).map((s) => s.body.template);
    assert.deepEqual(a, { name: 'follow_up', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Asha' }, { type: 'text', text: 'A-17' }] }] });
    assert.deepEqual(b.components, [{ type: 'header', parameters: [{ type: 'document', document: { link: 'https://cdn.example.com/inv.pdf' } }] }]);
    assert.equal((await conversationOf(from)).bot_paused_reason, 'human_reply', 'a template is a human reply too');
  });

  it("Meta's refusal is recorded as failed with its code and our title, and Retry sends it", async () => {
    const from = await customerOn('whatsapp');
    await app.sandbox('POST', '/control/send-faults', { phone_number_id: PNID, count: 1, error: 'server' });
    const r = await reply(from, { text: 'Are you there?' });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual([r.body.message.status, r.body.message.errorCode, r.body.message.externalId], ['failed', 131000, null]);
    assert.match(r.body.message.errorTitle, /\S/);
    const retried = await call('POST', `/api/inbox/messages/${r.body.message.id}/retry`);
    assert.equal(retried.status, 200, retried.text);
    assert.equal(retried.body.message.status, 'sent');
    assert.deepEqual((await sendsTo(from)).map((s) => s.outcome), ['rejected', 'accepted']);
  });

  for (const channel of ['instagram', 'messenger'] as const) {
    it(`${channel}: RESPONSE within 24 hours, the HUMAN_AGENT tag up to 7 days, refused after`, async () => {
      const fresh = await customerOn(channel);
      assert.equal((await reply(fresh, { text: 'Hi!' })).status, 201);
      assert.deepEqual((await sendsTo(fresh))[0].body, { recipient: { id: fresh }, messaging_type: 'RESPONSE', message: { text: 'Hi!' } });

      const late = await customerOn(channel, 30 * HOUR);
      assert.equal((await call('GET', `/api/inbox/conversations/${(await conversationOf(late)).id}/reply-window`)).body.state, 'human_agent');
      const tagged = await reply(late, { text: 'Sorry for the wait.' });
      assert.equal(tagged.status, 201, tagged.text);
      assert.equal(tagged.body.message.status, 'sent');
      const [send] = await sendsTo(late);
      assert.deepEqual([send.outcome, send.body.messaging_type, send.body.tag], ['accepted', 'MESSAGE_TAG', 'HUMAN_AGENT']);

      const gone = await customerOn(channel, 8 * 24 * HOUR);
      const refused = await reply(gone, { text: 'Hello?' });
      assert.equal(refused.status, 422);
      assert.equal(refused.body.error.code, 'window_closed');
      assert.equal(refused.body.error.details.window.state, 'closed');
      assert.equal((await sendsTo(gone)).length, 0);
      assert.equal((await reply(gone, { template: { name: 'follow_up', language: 'en_US', variables: ['a', 'b'] } })).body.error.code, 'template_whatsapp_only');
    });
  }

  it('Messenger: media by URL then its caption, the first quoting the customer (reply_to); Instagram cannot quote', async () => {
    const from = await customerOn('messenger');
    const [first] = await messagesOf(from);
    const r = await reply(from, { media: { type: 'document', url: 'https://cdn.example.com/menu.pdf', caption: 'Our menu' }, replyToMessageId: first.id });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body.messages.map((m: any) => [m.type, m.body, m.status]), [['document', null, 'sent'], ['text', 'Our menu', 'sent']]);
    assert.deepEqual(r.body.messages[0].payload, { attachments: [{ type: 'file', url: 'https://cdn.example.com/menu.pdf' }] });
    const [file, caption] = await sendsTo(from);
    assert.deepEqual(file.body, { recipient: { id: from }, messaging_type: 'RESPONSE', message: { attachment: { type: 'file', payload: { url: 'https://cdn.example.com/menu.pdf', is_reusable: false } } }, reply_to: { mid: first.external_id } });
    assert.deepEqual(caption.body, { recipient: { id: from }, messaging_type: 'RESPONSE', message: { text: 'Our menu' } });

    const ig = await customerOn('instagram');
    const [igFirst] = await messagesOf(ig);
    const x = await reply(ig, { text: 'hi', replyToMessageId: igFirst.id });
    assert.deepEqual([x.status, x.body.error.code], [422, 'reply_not_supported']);
    const img = await reply(ig, { media: { type: 'image', url: 'https://cdn.example.com/p.jpg' } });
    assert.equal(img.status, 201, img.text);
    assert.deepEqual((await sendsTo(ig))[0].body.message, { attachment: { type: 'image', payload: { url: 'https://cdn.example.com/p.jpg', is_reusable: false } } });
  });

  it("Retry sends a person's failed file again, tagged HUMAN_AGENT after 24 hours on Instagram", async () => {
    const from = await customerOn('instagram', 30 * HOUR);
    await app.sandbox('POST', '/control/send-faults', { account_id: IG_ID, count: 1, error: 'server' });
    const r = await reply(from, { media: { type: 'video', url: 'https://cdn.example.com/unboxing.mp4', caption: 'How to open it' } });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body.messages.map((m: any) => [m.type, m.body, m.status, m.errorCode]), [['video', 'How to open it', 'failed', 1]]);
    const retried = await call('POST', `/api/inbox/messages/${r.body.message.id}/retry`);
    assert.equal(retried.status, 200, retried.text);
    assert.deepEqual([retried.body.message.type, retried.body.message.body, retried.body.message.status], ['video', null, 'sent']);
    const accepted = (await sendsTo(from)).filter((s) => s.outcome === 'accepted');
    assert.deepEqual(accepted.map((s) => [s.body.tag, s.body.message.attachment?.type ?? s.body.message.text]), [['HUMAN_AGENT', 'video'], ['HUMAN_AGENT', 'How to open it']]);
    const thread = (await messagesOf(from)).filter((m) => m.direction === 'outbound').map((m) => [m.type, m.body, m.status, m.sent_by_user_id !== null]);
    assert.deepEqual(thread, [['video', null, 'sent', true], ['text', 'How to open it', 'sent', true]]);
  });

  it("Messenger: Meta's window refusal is recorded as failed with code 10 and our title", async () => {
    const from = await customerOn('messenger');
    await app.sandbox('POST', '/control/send-faults', { account_id: PAGE_ID, count: 1, error: 'window' });
    const r = await reply(from, { text: 'One more thing' });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual([r.body.message.status, r.body.message.errorCode, r.body.message.errorTitle], ['failed', 10, 'Outside the messaging window']);
  });

  it('refuses malformed replies with a reason, and unknown conversations', async () => {
    const from = await customerOn('whatsapp');
    const cases: Array<[unknown, RegExp]> = [
      [{}, /exactly one of text, media or template/],
      [{ text: 'a', media: { type: 'image', url: 'https://x.example/a.jpg' } }, /exactly one/],
      [{ text: '   ' }, /text must not be empty/],
      [{ media: { type: 'image', url: 'ftp://x.example/a.jpg' } }, /http\(s\) URL/],
      [{ media: { type: 'image', url: 'https://x.example/a.jpg', filename: 'a.jpg' } }, /only a document takes a filename/],
      [{ media: { type: 'gif', url: 'https://x.example/a.gif' } }, /media\.type/],
      [{ text: 'hi', replyToMessageId: 'abc' }, /message id/],
    ];
    for (const [body, reason] of cases) {
      const r = await reply(from, body);
      assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
      assert.match(r.body.error.message, reason);
    }
    const other = await customerOn('whatsapp');
    const [foreign] = await messagesOf(other);
    assert.equal((await reply(from, { text: 'hi', replyToMessageId: foreign.id })).body.error.code, 'reply_target_invalid');
    assert.equal((await call('POST', '/api/inbox/conversations/00000000-0000-4000-8000-000000000000/messages', { text: 'hi' })).status, 404);
    assert.equal((await sendsTo(from)).length, 0);
  });

  it('a private note is stored in the thread, reaches nobody, and stays out of the bots’ context', async () => {
    const from = await customerOn('whatsapp');
    const before = await conversationOf(from);
    const r = await call('POST', `/api/inbox/conversations/${before.id}/notes`, { text: 'VIP: promised a refund' });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual([r.body.message.direction, r.body.message.body, r.body.message.sentBy.name, r.body.message.externalId], ['note', 'VIP: promised a refund', 'admin@example.com', null]);
    const after = await conversationOf(from);
    assert.deepEqual([after.last_message_preview, after.bot_paused_at], [before.last_message_preview, null], 'not the preview; a note does not pause the bots');
    assert.equal((await app.ctx.db('reply_tasks').where({ conversation_id: before.id })).length, 0);
    const thread = (await call('GET', `/api/inbox/conversations/${before.id}/messages`)).body.messages;
    assert.deepEqual(thread.map((m: any) => m.direction), ['inbound', 'note']);
    const [inboundMsg] = await messagesOf(from);
    const turns = await recentTurns(app.ctx.db, before.id, String(Number(inboundMsg.id) + 1000), 10);
    assert.deepEqual(turns.map((t) => t.text), ['hello there']);
    assert.equal((await sendsTo(from)).length, 0, 'the simulator received nothing');
    assert.equal((await call('POST', `/api/inbox/conversations/${before.id}/notes`, { text: '' })).status, 400);
  });

  it('after a human reply, inbound texts get no rule or agent answer, on WhatsApp, Instagram and Messenger', async () => {
    await call('PUT', '/api/settings/llm', { apiKey: 'sk-test-parley', baseUrl: `${app.url}/sandbox/v1`, model: 'gpt-sim' });
    for (const channel of ['whatsapp', 'instagram', 'messenger'] as const) {
      assert.equal((await call('PUT', `/api/accounts/${accounts[channel]}/agent`, { name: 'Concierge', mode: 'system_prompt', systemPrompt: 'You sell parcels.' })).status, 200);
    }
    for (const channel of ['whatsapp', 'instagram', 'messenger'] as const) {
      const from = channel === 'whatsapp' ? next() : `65432100${next()}`;
      await inbound(channel, from, 'what is the price?');
      const [log] = await waitFor(`the rule answering on ${channel}`, () => logsFor(from), (l) => l.length === 1);
      assert.deepEqual([log.source, log.outcome], ['rule', 'sent'], 'the bots answer before a person does');
      assert.equal((await reply(from, { text: 'A person here: let me check for you.' })).status, 201);
      await inbound(channel, from, 'and the price of the big box?');
      await inbound(channel, from, 'do you ship to Pune?');
      const logs = await waitFor(`both texts passed on ${channel}`, () => logsFor(from), (l) => l.length === 3);
      assert.deepEqual(logs.slice(1).map((l) => [l.inbound_body, l.source, l.outcome]), [
        ['and the price of the big box?', 'none', 'bot_paused'],
        ['do you ship to Pune?', 'none', 'bot_paused'],
      ], channel);
      const texts = (await sendsTo(from)).map((s) => s.body.text?.body ?? s.body.message?.text);
      assert.deepEqual(texts, ['Plans start at ₹499 a month.', 'A person here: let me check for you.'], `${channel}: nothing after the person's reply`);
    }
    for (const channel of ['whatsapp', 'instagram', 'messenger'] as const) await call('DELETE', `/api/accounts/${accounts[channel]}/agent`);
  });
});
