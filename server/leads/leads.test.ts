import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../test/harness.ts';
import { leadAnswer } from './extraction.ts';
import { extractDueLeads } from './service.ts';

const PNID = '555000950';
const MIN = 60_000;

describe('lead extraction', () => {
  it('cleans the model answer: bad emails, unknown levels and unparseable dates become null', () => {
    const r = leadAnswer.parse({
      name: '  Ana  ',
      email: 'not-an-email',
      company: '',
      intent: 'bulk order',
      urgency: 'urgent!!',
      budget: null,
      fit: 'high',
      engagement: 'medium',
      demo_datetime: 'next tuesday',
      smart_notification: 'Call her back',
    });
    assert.deepEqual(r, { name: 'Ana', email: null, company: null, intent: 'bulk order', urgency: null, budget: null, fit: 'high', engagement: 'medium', demo_datetime: null, smart_notification: 'Call her back' });
  });

  describe('against the OpenAI simulator', () => {
    let app: TestApp;
    let token: string;
    const sandbox: TestApp['sandbox'] = (...args) => app.sandbox(...args);
    const extractionCalls = async () =>
      ((await sandbox('GET', '/control/openai/requests?path=/v1/responses&method=POST&limit=1000')).data as any[]).filter((r) => r.body?.text?.format?.name === 'lead_extraction');

    before(async () => {
      app = await startTestApp();
      token = await app.login();
      const json = { displayName: 'Leads line', phoneNumberId: PNID, wabaId: '660000000950', accessToken: 'sandbox-l', sandbox: true };
      assert.equal((await app.request('/api/accounts', { method: 'POST', token, json })).status, 201);
      await app.request('/api/settings/llm', { method: 'PUT', token, json: { apiKey: 'sk-test', baseUrl: `${app.url}/sandbox/v1`, model: 'gpt-sim' } });
      await sandbox('PATCH', '/control/openai/knobs', {
        latencyMs: 0,
        jsonOverride: {
          lead_extraction: {
            name: 'Priya Sharma',
            email: 'Priya@Example.com',
            company: 'Sharma Textiles',
            intent: 'WhatsApp campaigns for 5,000 customers',
            urgency: 'high',
            budget: '₹20,000 a month',
            fit: 'high',
            engagement: 'medium',
            demo_datetime: '2026-12-03T15:00:00+05:30',
            smart_notification: '=HYPERLINK("x") Priya wants a demo on Thursday 3 pm',
          },
        },
      });
      for (const text of ['Hi, I am Priya from Sharma Textiles', 'Can we do a demo Thursday 3pm? priya@example.com']) {
        await sandbox('POST', '/control/inbound', { phone_number_id: PNID, from: '919822200001', type: 'text', text, flush: true });
      }
      await waitFor('both messages stored', () => app.ctx.db('messages').where({ direction: 'inbound' }), (m) => m.length === 2);
    });
    after(() => app.stop());

    it('waits for 5 quiet minutes, fills the columns, skips when nothing is new, and retries a failure next run', async () => {
      const conv = await app.ctx.db('conversations').first();
      const last = new Date(conv.last_message_at).getTime();

      assert.deepEqual(await extractDueLeads(app.ctx, new Date(last + 2 * MIN)), { extracted: 0, failed: 0, due: 0 }, 'still active: not yet');

      await sandbox('PATCH', '/control/openai/knobs', { error500: { failNext: 1 } });
      assert.deepEqual(await extractDueLeads(app.ctx, new Date(last + 6 * MIN)), { extracted: 0, failed: 1, due: 1 });
      assert.equal((await app.ctx.db('leads')).length, 0);
      assert.equal((await extractDueLeads(app.ctx, new Date(last + 7 * MIN))).due, 0, 'not hammered within the same interval');

      assert.deepEqual(await extractDueLeads(app.ctx, new Date(last + 11 * MIN)), { extracted: 1, failed: 0, due: 1 }, 'retried at the next run');
      const lead = await app.ctx.db('leads').where({ conversation_id: conv.id }).first();
      assert.deepEqual(
        [lead.name, lead.email, lead.company, lead.intent, lead.urgency, lead.budget, lead.fit, lead.engagement, new Date(lead.demo_datetime).toISOString()],
        ['Priya Sharma', 'priya@example.com', 'Sharma Textiles', 'WhatsApp campaigns for 5,000 customers', 'high', '₹20,000 a month', 'high', 'medium', '2026-12-03T09:30:00.000Z'],
      );
      const call = (await extractionCalls()).at(-1).body;
      assert.equal(call.text.format.type, 'json_schema');
      assert.equal(call.text.format.strict, true);
      assert.match(call.input, /Customer: Can we do a demo Thursday 3pm\?/);

      const calls = (await extractionCalls()).length;
      assert.equal((await extractDueLeads(app.ctx, new Date(last + 30 * MIN))).due, 0, 'nothing new: skipped');
      assert.equal((await extractionCalls()).length, calls);

      const list = await app.request('/api/leads?fit=high&search=sharma', { token });
      const items = ((await list.json()) as any).items;
      assert.equal(items.length, 1);
      assert.equal(items[0].phone, '919822200001');
      assert.deepEqual([items[0].conversationId, items[0].numberName, items[0].demoDatetime, items[0].extractedAt], [conv.id, 'Leads line', '2026-12-03T09:30:00.000Z', new Date(last + 11 * MIN).toISOString()]);
      assert.equal(((await (await app.request('/api/leads?urgency=low', { token })).json()) as any).items.length, 0);
      const csv = await (await app.request('/api/leads.csv', { token })).text();
      assert.match(csv, /Priya Sharma/);
      assert.match(csv, /'=HYPERLINK/, 'formula injection neutralised');
      assert.match(csv, /,\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+05:30\r\n/, 'extracted at: app time zone (IST) with its offset');
    });
  });
});
