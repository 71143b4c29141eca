import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createTestDatabase, startTestApp, waitFor, type TestApp } from '../test/harness.ts';
import { sandboxSeed, type SandboxNumberRow, type SandboxTemplateRow } from './restore.ts';

const PNID = '555000777';
const WABA = '770000000001';

describe('sandboxSeed (database rows -> simulator seed)', () => {
  const number: SandboxNumberRow = {
    channel: 'whatsapp', external_id: PNID, waba_id: WABA, display_phone_number: '+1 555-000-0777', verified_name: null, display_name: 'Shop', quality_rating: 'GREEN', access_token_enc: 'sealed:tok',
  };
  const template: SandboxTemplateRow = {
    waba_id: WABA, meta_template_id: '123', name: 'notice', language: 'en_US', status: 'APPROVED', category: 'UTILITY', correct_category: null,
    parameter_format: 'NAMED', components: [{ type: 'BODY', text: 'Hi {{name}}' }], quality_score: 'GREEN', rejected_reason: null,
  };
  const open = (sealed: string) => {
    if (!sealed.startsWith('sealed:')) throw new Error('wrong key');
    return sealed.slice('sealed:'.length);
  };

  it('declares each number with its WABA, names and opened token, and each template with its id, state and components', () => {
    const seed = sandboxSeed([number], [template], open, 1_700_000_000_000);
    assert.deepEqual(seed.numbers, [{ phone_number_id: PNID, waba_id: WABA, verified_name: 'Shop', display_phone_number: '+1 555-000-0777', quality_rating: 'GREEN', access_tokens: ['tok'] }]);
    assert.deepEqual(seed.templates, [{
      waba_id: WABA, id: '123', name: 'notice', language: 'en_US', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hi {{name}}' }],
      parameter_format: 'NAMED', quality_score: { score: 'GREEN', date: 1_700_000_000 },
    }]);
    assert.deepEqual(seed.unreadable, []);
  });

  it('keeps a pending re-categorisation and a rejection reason, and tolerates missing optional columns', () => {
    const t = { ...template, status: 'REJECTED', rejected_reason: 'INVALID_FORMAT', correct_category: 'MARKETING', parameter_format: null, quality_score: null, components: null };
    const [seeded] = sandboxSeed([], [t], open, 0).templates;
    assert.deepEqual(seeded, { waba_id: WABA, id: '123', name: 'notice', language: 'en_US', status: 'REJECTED', category: 'UTILITY', components: [], correct_category: 'MARKETING', rejected_reason: 'INVALID_FORMAT' });
  });

  it('leaves out a number whose token does not open, and names it', () => {
    const seed = sandboxSeed([{ ...number, access_token_enc: 'other-key' }, { ...number, external_id: '2', display_phone_number: null, quality_rating: null }], [], open, 0);
    assert.deepEqual(seed.unreadable, [PNID]);
    assert.deepEqual(seed.numbers, [{ phone_number_id: '2', waba_id: WABA, verified_name: 'Shop', access_tokens: ['tok'] }]);
  });
});

// The app restarted against the same database: the in-app simulator starts empty, and must get
// the sandbox number and its approved templates back before the next campaign.
describe('the in-app simulator after a restart', () => {
  const IG_ID = '17841400000000555';
  const IG_TOKEN = 'sandbox-ig-restart';
  const IGSID = '6543210000000555';
  const env = { DATABASE_URL: '', ENCRYPTION_KEY: randomBytes(32).toString('hex') };
  let app: TestApp;
  let token: string;
  let numberId: string;
  let templateMetaId: string;

  before(async () => {
    env.DATABASE_URL = await createTestDatabase();
    const first = await startTestApp(env);
    try {
      const t = await first.login();
      const added = await first.call('POST', '/api/accounts', t, { displayName: 'Restart shop', phoneNumberId: PNID, wabaId: WABA, accessToken: 'sandbox-restart', sandbox: true });
      assert.equal(added.status, 201, added.text);
      await first.sandbox('POST', '/control/templates', { waba_id: WABA, templates: [{ name: 'order_ready', category: 'UTILITY', status: 'APPROVED', language: 'en_US', components: [{ type: 'BODY', text: 'Hi {{1}}, your order is ready.' }] }] });
      const sync = await first.call('POST', '/api/templates/sync', t, { numberId: added.body.id });
      assert.ok(sync.status < 300, sync.text);
      const row = await waitFor('the synced template', () => first.ctx.db('templates').where({ name: 'order_ready' }).first(), (r) => r !== undefined, 30_000);
      templateMetaId = row.meta_template_id;
      const ig = await first.call('POST', '/api/accounts', t, { channel: 'instagram', igUserId: IG_ID, displayName: 'Restart IG', accessToken: IG_TOKEN, sandbox: true });
      assert.equal(ig.status, 201, ig.text);
      await first.sandbox('POST', '/control/inbound', { channel: 'instagram', account_id: IG_ID, from: IGSID, type: 'text', text: 'hello?', flush: true });
      await waitFor('the DM stored', () => first.ctx.db('messages').where({ body: 'hello?' }).first(), (m) => m !== undefined, 30_000);
    } finally {
      await first.stop();
    }
    app = await startTestApp(env);
    token = await app.login();
    numberId = (await app.ctx.db('channel_accounts').where({ external_id: PNID }).first()).id;
  });
  after(() => app?.stop());

  it('knows the number (WABA, token) and the template (same id, approved) again', async () => {
    const { numbers } = await app.sandbox('GET', '/control/numbers');
    const n = numbers.find((x: { phone_number_id: string }) => x.phone_number_id === PNID);
    assert.deepEqual([n?.waba_id, n?.access_tokens, n?.auto_registered], [WABA, ['sandbox-restart'], false]);
    const { templates } = await app.sandbox('GET', `/control/templates?waba_id=${WABA}`);
    assert.deepEqual(templates.map((t: { id: string; name: string; status: string }) => [t.id, t.name, t.status]), [[templateMetaId, 'order_ready', 'APPROVED']]);
  });

  it("an Instagram customer who wrote before the restart can still be answered: the windows come back", async () => {
    const send = (to: string) => fetch(`${app.url}/sandbox/graph/v23.0/${IG_ID}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${IG_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ recipient: { id: to }, messaging_type: 'RESPONSE', message: { text: 'Still here!' } }),
    });
    assert.equal((await send(IGSID)).status, 200);
    const stranger = await (await send('6543210000000999')).json();
    assert.deepEqual([stranger.error.code, stranger.error.error_subcode], [10, 2534022], 'someone who never wrote stays outside the window');
  });

  it('a reset keeps the webhook URL and the database\'s numbers and templates', async () => {
    assert.equal((await app.sandbox('POST', '/control/reset')).ok, true);
    const knobs = await app.sandbox('GET', '/control/knobs');
    assert.equal(knobs.global.webhookUrl, `${app.url}/webhooks/meta`);
    const { templates } = await app.sandbox('GET', `/control/templates?waba_id=${WABA}`);
    assert.deepEqual(templates.map((t: { id: string }) => t.id), [templateMetaId]);
  });

  it('a template sync after the restart keeps the template active', async () => {
    const before = (await app.ctx.db('templates').where({ meta_template_id: templateMetaId }).first()).last_synced_at as Date;
    await app.call('POST', '/api/templates/sync', token, { numberId });
    const row = await waitFor('a newer sync', () => app.ctx.db('templates').where({ meta_template_id: templateMetaId }).first(), (r) => r.last_synced_at.getTime() > before.getTime(), 30_000);
    assert.equal(row.is_active, true);
    assert.equal(row.status, 'APPROVED');
  });

  it('sends the next campaign (no 132001), and status and inbound webhooks still arrive', async () => {
    await app.sandbox('PATCH', '/control/knobs', { statusDelaysMs: { sent: 20, delivered: 40, read: 60 } });
    const templateId = (await app.ctx.db('templates').where({ meta_template_id: templateMetaId }).first()).id;
    const phones = Array.from({ length: 5 }, (_, i) => `9198765000${i}0`);
    const form = new FormData();
    form.append('name', 'After restart');
    form.append('numberId', numberId);
    form.append('templateIds', templateId);
    form.append('file', new Blob([['Phone,{{Media}},{{1}}', ...phones.map((p, i) => `${p},,Name${i}`)].join('\n')]), 'c.csv');
    const res = await app.request('/api/campaigns', { method: 'POST', token, body: form });
    assert.equal(res.status, 201, await res.clone().text());
    const { id } = (await res.json()) as { id: string };

    const detail = await waitFor('every contact read', async () => {
      await app.sandbox('POST', '/control/webhooks/flush', { all: true, retry: true }); // a delivery answered 503 under load: now, not after backoff
      return (await app.call('GET', `/api/campaigns/${id}`, token)).body;
    }, (c) => c.stats?.read === phones.length || c.stats?.failed > 0, 90_000);
    const failures = await app.ctx.db('campaign_contacts').where({ campaign_id: id }).whereNotNull('error_code').select('phone', 'error_code');
    assert.deepEqual(failures, [], 'no send refused');
    assert.deepEqual([detail.campaign.sentCount, detail.stats.read], [phones.length, phones.length]);

    await app.sandbox('POST', '/control/inbound', { phone_number_id: PNID, from: phones[0], type: 'text', text: 'thanks, after the restart', flush: true });
    await waitFor('the inbound message stored', () => app.ctx.db('messages').where({ body: 'thanks, after the restart' }).first(), (m) => m !== undefined, 30_000);
  });
});
