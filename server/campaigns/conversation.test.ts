import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../test/harness.ts';

// Campaign sends as part of the customer's conversation, end to end through the in-app simulator:
// sent for real, statuses from its signed webhooks, a reply from the customer, the agent's answer
// through its OpenAI API.
const PNID = '555000777';
const WABA = '660000000777';
const RENDERED = (name: string, order: string) => `Order update\n\nHi ${name}, your order ${order} shipped.\n\nReply STOP to opt out\n\n[Track order] [Talk to us]`;

describe('campaign messages in the conversation', () => {
  let app: TestApp;
  let token: string;
  let numberId: string;
  let campaignId: string;
  const [known, fresh, unreachable] = ['919870000001', '919870000002', '919870000003'];
  const call = (method: string, path: string, json?: unknown) => app.call(method, path, token, json);
  const inbound = (from: string, text: string) => app.sandbox('POST', '/control/inbound', { phone_number_id: PNID, from, type: 'text', text, flush: true });
  const messagesOf = (phone: string) =>
    app.ctx.db('messages as m').join('contact_identities as k', 'k.id', 'm.identity_id').where('k.external_id', phone).orderBy('m.id').select('m.*') as Promise<any[]>;
  const templateMessage = async (phone: string) => (await messagesOf(phone)).find((m) => m.type === 'template');

  before(async () => {
    app = await startTestApp();
    token = await app.login();
    numberId = (await call('POST', '/api/accounts', { displayName: 'Campaigns', phoneNumberId: PNID, wabaId: WABA, accessToken: 'sandbox-c', sandbox: true })).body.id;
    await app.sandbox('POST', '/control/templates', {
      waba_id: WABA,
      templates: [{
        name: 'order_shipped', category: 'UTILITY', status: 'APPROVED', language: 'en_US',
        components: [
          { type: 'HEADER', format: 'TEXT', text: 'Order update' },
          { type: 'BODY', text: 'Hi {{1}}, your order {{2}} shipped.' },
          { type: 'FOOTER', text: 'Reply STOP to opt out' },
          { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Track order' }, { type: 'QUICK_REPLY', text: 'Talk to us' }] },
        ],
      }],
    });
    await call('POST', '/api/templates/sync', { numberId });
    const templateId = (await waitFor('the synced template', () => app.ctx.db('templates').where({ name: 'order_shipped' }).first('id'), (t) => !!t)).id;
    await app.sandbox('PATCH', '/control/knobs', { statusDelaysMs: { sent: 20, delivered: 50, read: 100 }, undeliverable: [unreachable] });
    await call('PUT', '/api/settings/llm', { apiKey: 'sk-test-parley', baseUrl: `${app.url}/sandbox/v1`, model: 'gpt-sim' });
    await call('POST', '/api/credits', { amount: 100 });

    // One customer wrote before the campaign: the template must land in that same conversation.
    await inbound(known, 'Hello, any news on my order?');
    await waitFor('the earlier inbound message', () => messagesOf(known), (m) => m.length === 1);

    const form = new FormData();
    form.append('name', 'Shipping notices');
    form.append('numberId', numberId);
    form.append('templateIds', templateId);
    form.append('file', new Blob([[`${known},,Asha,A-1`, `${fresh},,Ravi,B-2`, `${unreachable},,Meera,C-3`].join('\n')]), 'c.csv');
    const res = await app.request('/api/campaigns', { method: 'POST', token, body: form });
    assert.equal(res.status, 201, await res.clone().text());
    campaignId = ((await res.json()) as { id: string }).id;
    await waitFor('the campaign to complete', async () => (await call('GET', `/api/campaigns/${campaignId}`)).body.campaign.status, (s) => s === 'completed', 30_000);
  });
  after(() => app?.stop());

  it('records each accepted send as an outbound template message in the customer\'s conversation', async () => {
    const contacts: any[] = await app.ctx.db('campaign_contacts').where({ campaign_id: campaignId }).orderBy('row_number');
    const expected = [[known, 'Asha', 'A-1'], [fresh, 'Ravi', 'B-2'], [unreachable, 'Meera', 'C-3']];
    for (const [i, [phone, name, order]] of expected.entries()) {
      const m = await templateMessage(phone!);
      assert.ok(m, `a template message for ${phone}`);
      assert.equal(m.direction, 'outbound');
      assert.equal(m.template_name, 'order_shipped');
      assert.equal(m.body, RENDERED(name!, order!));
      assert.equal(m.external_id, contacts[i].wamid, 'the same wamid as the campaign contact');
      assert.equal(m.account_id, numberId);
      assert.equal(m.is_test, true, 'a sandbox number\'s messages are test data');
      const conversations = await app.ctx.db('conversations').where({ identity_id: m.identity_id, account_id: numberId });
      assert.equal(conversations.length, 1, 'one conversation per customer');
      assert.equal(conversations[0].id, m.conversation_id);
      assert.equal(conversations[0].last_message_preview, RENDERED(name!, order!).slice(0, 200));
    }
    const [earlier, template] = await messagesOf(known);
    assert.equal(earlier.direction, 'inbound');
    assert.equal(template.conversation_id, earlier.conversation_id, 'the existing conversation, not a new one');

    const thread = await call('GET', `/api/inbox/conversations/${template.conversation_id}/messages`);
    assert.equal(thread.status, 200);
    assert.deepEqual(thread.body.messages.map((m: any) => [m.type, m.templateName]), [['text', null], ['template', 'order_shipped']]);
  });

  it('moves the message and the campaign contact up the status ladder from the webhooks, failures with Meta\'s reason', async () => {
    const settled = async () => Promise.all([known, fresh, unreachable].map(async (p) => (await templateMessage(p)).status));
    assert.deepEqual(await waitFor('statuses from the webhooks', settled, (s) => s.join() === 'read,read,failed', 20_000), ['read', 'read', 'failed']);
    const read = await templateMessage(known);
    const ladder = await app.ctx.db('message_status_logs').where({ external_id: read.external_id }).orderByRaw('parley_status_rank(status)').pluck('status');
    assert.deepEqual(ladder, ['sent', 'delivered', 'read']);
    assert.equal(read.status_rank, 30);
    const failed = await templateMessage(unreachable);
    assert.equal(failed.error_code, 131026);
    assert.ok(failed.error_title, 'Meta\'s title kept on the message');
    const contact = await app.ctx.db('campaign_contacts').where({ wamid: failed.external_id }).first();
    assert.deepEqual([contact.status, contact.error_code, contact.error_title], ['failed', 131026, failed.error_title]);
    assert.equal((await app.ctx.db('campaign_contacts').where({ wamid: read.external_id }).first()).status, 'read');
  });

  it('puts the customer\'s answer after the template, and the agent answers with the template in its context', async () => {
    assert.equal((await call('PUT', `/api/accounts/${numberId}/agent`, { name: 'Support', mode: 'system_prompt', systemPrompt: 'You answer shipping questions.' })).status, 200);
    await inbound(fresh, 'When will it arrive?');
    const [template, answer] = await waitFor('the answer and the agent\'s reply', () => messagesOf(fresh), (m) => m.length === 3);
    assert.equal(template.type, 'template');
    assert.deepEqual([answer.direction, answer.body, answer.conversation_id], ['inbound', 'When will it arrive?', template.conversation_id]);
    assert.ok(Number(answer.id) > Number(template.id), 'after the template in the thread');

    const calls = (await app.sandbox('GET', `/control/openai/requests?path=${encodeURIComponent('/v1/responses')}&method=POST&limit=100`)).data as any[];
    const input = calls.at(-1).body.input;
    assert.deepEqual(input, [
      { role: 'assistant', content: RENDERED('Ravi', 'B-2') },
      { role: 'user', content: 'When will it arrive?' },
    ]);
  });

  it('gives an OpenAI prompt agent the template the customer answers, once', async () => {
    await app.sandbox('POST', '/control/openai/prompts', { prompts: [{ id: 'pmpt_shipping', version: '1', instructions: 'Answer shipping questions', model: 'gpt-prompt' }] });
    const set = await call('PUT', `/api/accounts/${numberId}/agent`, { name: 'Shipping', mode: 'openai_prompt', promptId: 'pmpt_shipping' });
    assert.equal(set.status, 200, set.text);
    const lastInput = async () => (await app.sandbox('GET', `/control/openai/requests?path=${encodeURIComponent('/v1/responses')}&method=POST&limit=100`)).data.at(-1).body.input;
    const replies = async () => (await messagesOf(known)).filter((m) => m.direction === 'outbound' && m.type === 'text').length;

    await inbound(known, 'Thanks! And the invoice?');
    await waitFor('the prompt agent\'s reply', replies, (n) => n === 1);
    assert.deepEqual(await lastInput(), [
      { role: 'assistant', content: RENDERED('Asha', 'A-1') },
      { role: 'user', content: 'Thanks! And the invoice?' },
    ]);
    await inbound(known, 'Got it.');
    await waitFor('the second reply', replies, (n) => n === 2);
    assert.deepEqual(await lastInput(), [{ role: 'user', content: 'Got it.' }], 'the OpenAI conversation already holds the template');
  });
});
