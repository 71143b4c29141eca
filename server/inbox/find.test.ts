import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encryptSecret } from '../lib/crypto.ts';
import { ACCOUNT_TOKEN } from '../secrets/bindings.ts';
import { startTestApp, waitFor, type TestApp } from '../test/harness.ts';
import { instagramWebhook } from '../test/ig-payloads.ts';
import { inboundText } from '../test/wa-payloads.ts';
import type { ConversationView, SearchResultView } from './present.ts';
import { searchMessages } from './search.ts';

// The inbox's filters, message search and thread paging, over the API.

const IG_USER_ID = '17841400000000009';
const at = (iso: string) => Math.floor(Date.parse(iso) / 1000);

describe('finding things in the inbox', () => {
  let app: TestApp;
  let token: string;
  let adminId: string;
  let agentId: string;
  const conv: Record<string, string> = {};
  const label: Record<string, string> = {};
  let igAccount: string;

  const get = async (path: string) => {
    const res = await app.request(path, { token });
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as any;
  };
  const phones = async (query = ''): Promise<string[]> =>
    ((await get(`/api/inbox/conversations${query}`)).items as ConversationView[]).map((c) => c.contact.externalId.slice(-2));
  const search = async (query: string): Promise<SearchResultView[]> => (await get(`/api/inbox/search?${query}`)).items;
  const bodies = async (query: string) => (await search(query)).map((r) => r.snippet.text);
  const post = async (path: string, json: unknown) => {
    const r = await app.call('POST', path, token, json);
    assert.ok(r.status < 300, `${path}: ${r.status} ${r.text}`);
    return r.body;
  };

  before(async () => {
    app = await startTestApp();
    token = await app.login();
    const tokenEnc = encryptSecret(app.ctx.keys.encryptionKey, 't', ACCOUNT_TOKEN);
    const ws = app.ctx.defaultWorkspaceId;
    await app.ctx.db('channel_accounts').insert({ workspace_id: ws, display_name: 'Sales', external_id: '111', waba_id: '1', access_token_enc: tokenEnc });
    [{ id: igAccount }] = await app.ctx.db('channel_accounts').insert({ workspace_id: ws, channel: 'instagram', display_name: 'Shop IG', external_id: IG_USER_ID, handle: '@shop', access_token_enc: tokenEnc }).returning('id');
    ({ id: adminId } = await app.ctx.db('users').where({ role: 'admin' }).first('id'));
    [{ id: agentId }] = await app.ctx.db('users').insert({ workspace_id: ws, email: 'agent@example.com', name: 'Asha', role: 'agent' }).returning('id');

    // Customers 01-05 on WhatsApp (numbers end in their name), 06 on Instagram; newest activity: 05 ... 01, then 06.
    const texts: Array<[string, string, string]> = [
      ['01', 'Where is my order ORD-123456?', '2026-11-01T10:00:00Z'],
      ['02', 'मेरा रिफंड कब आएगा? call me on 9876543210', '2026-11-02T10:00:00Z'],
      ['03', 'Get 100% cashback on the blue kurta', '2026-11-03T10:00:00Z'],
      ['04', 'Get 1000 cashback, file a_b.pdf', '2026-11-04T18:29:00Z'], // 23:59 on the 4th in India
      ['05', 'Refund abhi tak nahi aaya, order ORD-654321', '2026-11-04T18:31:00Z'], // 00:01 on the 5th in India
    ];
    for (const [n, text, when] of texts) await app.postWebhook(inboundText('111', `9198000000${n}`, `w${n}`, text, at(when)));
    await app.postWebhook(instagramWebhook(IG_USER_ID, '6543210987654306', [{ message: { mid: 'ig.1', text: 'Is the kurta blue or green? file axb' } }], Date.parse('2026-10-01T10:00:00Z')));
    await waitFor('six conversations', () => app.ctx.db('conversations').count({ n: '*' }).first(), (r) => Number(r?.n) === 6, 10_000);
    // As if each message arrived when it was sent: search orders and dates by arrival.
    await app.ctx.db('messages').update({ created_at: app.ctx.db.raw('sent_at') });
    for (const row of await app.ctx.db('conversations as c').join('contact_identities as k', 'k.id', 'c.identity_id').select('c.id', 'k.external_id')) conv[row.external_id.slice(-2)] = row.id;

    label.refund = (await post('/api/labels', { name: 'Refund', color: '#aa0000' })).id;
    label.vip = (await post('/api/labels', { name: 'VIP', color: '#00aa00' })).id;
    // 01 open, mine, Refund, read; 02 pending, unassigned, bots paused (waiting), unread;
    // 03 snoozed; 04 resolved, Asha's, VIP; 05 open, Asha's, Refund + VIP, unread; 06 open, unassigned, read.
    await post(`/api/inbox/conversations/${conv['01']}/assignee`, { userId: adminId });
    await post(`/api/inbox/conversations/${conv['01']}/read`, {});
    await post(`/api/inbox/conversations/${conv['02']}/status`, { status: 'pending' });
    await post(`/api/inbox/conversations/${conv['02']}/bot`, { paused: true });
    await post(`/api/inbox/conversations/${conv['03']}/status`, { status: 'snoozed', snoozedUntil: new Date(Date.now() + 86_400_000).toISOString() });
    await post(`/api/inbox/conversations/${conv['04']}/assignee`, { userId: agentId });
    await post(`/api/inbox/conversations/${conv['04']}/status`, { status: 'resolved' });
    await post(`/api/inbox/conversations/${conv['05']}/assignee`, { userId: agentId });
    // Labels straight in the table: their route is the lead's, still moving.
    await app.ctx.db('conversation_labels').insert([[conv['01'], label.refund], [conv['04'], label.vip], [conv['05'], label.refund], [conv['05'], label.vip]].map(([c, l]) => ({ conversation_id: c, label_id: l })));
    await post(`/api/inbox/conversations/${conv['06']}/read`, {});

    // A long conversation for paging: 30 more messages in 06, "note 1" ... "note 30".
    const c06 = await app.ctx.db('conversations').where({ id: conv['06'] }).first();
    await app.ctx.db('messages').insert(Array.from({ length: 30 }, (_, i) => ({
      workspace_id: c06.workspace_id, account_id: c06.account_id, conversation_id: c06.id, identity_id: c06.identity_id,
      direction: 'outbound', type: 'text', body: `paging message ${i + 1}`, status: 'sent', sent_at: new Date(Date.parse('2026-10-01T11:00:00Z') + i * 60_000), created_at: new Date(Date.parse('2026-10-01T11:00:00Z') + i * 60_000),
    })));
  });
  after(() => app.stop());

  describe('conversation list filters', () => {
    it('shows open and pending by default; live, all and each state on request', async () => {
      assert.deepEqual(await phones(), ['05', '02', '01', '06']);
      assert.deepEqual(await phones('?status=live'), ['05', '04', '03', '02', '01', '06']);
      assert.deepEqual(await phones('?status=all'), ['05', '04', '03', '02', '01', '06']);
      assert.deepEqual(await phones('?status=open'), ['05', '01', '06']);
      assert.deepEqual(await phones('?status=pending'), ['02']);
      assert.deepEqual(await phones('?status=snoozed'), ['03']);
      assert.deepEqual(await phones('?status=resolved'), ['04']);
      assert.deepEqual(await phones('?status=archived'), []);
    });

    it('filters by assignee: me, unassigned, a person', async () => {
      assert.deepEqual(await phones('?status=live&assignee=me'), ['01']);
      assert.deepEqual(await phones('?status=live&assignee=unassigned'), ['03', '02', '06']);
      assert.deepEqual(await phones(`?status=live&assignee=${agentId}`), ['05', '04']);
    });

    it('filters by label, waiting for a person and unread', async () => {
      assert.deepEqual(await phones(`?status=live&labelId=${label.refund}`), ['05', '01']);
      assert.deepEqual(await phones(`?status=live&labelId=${label.vip}`), ['05', '04']);
      assert.deepEqual(await phones('?status=live&labelId=00000000-0000-4000-8000-000000000000'), []);
      assert.deepEqual(await phones('?status=live&waiting=true'), ['02']);
      assert.deepEqual(await phones('?status=live&waiting=false'), ['05', '04', '03', '02', '01', '06']);
      assert.deepEqual(await phones('?status=live&unread=true'), ['05', '04', '03', '02']);
    });

    it('a pause whose idle time has passed, or an assignee, ends the wait', async () => {
      await app.ctx.db('conversations').where({ id: conv['02'] }).update({ bot_resumes_at: new Date(Date.now() - 1000) });
      assert.deepEqual(await phones('?waiting=true'), []);
      await app.ctx.db('conversations').where({ id: conv['02'] }).update({ bot_resumes_at: new Date(Date.now() + 3_600_000) });
      assert.deepEqual(await phones('?waiting=true'), ['02']);
      await app.ctx.db('conversations').where({ id: conv['02'] }).update({ assignee_id: agentId });
      assert.deepEqual(await phones('?waiting=true'), []);
      await app.ctx.db('conversations').where({ id: conv['02'] }).update({ assignee_id: null });
    });

    it('combines filters with channel, account and app-time-zone dates', async () => {
      assert.deepEqual(await phones('?status=live&channel=whatsapp&assignee=unassigned&unread=true'), ['03', '02']);
      assert.deepEqual(await phones(`?status=live&accountId=${igAccount}&assignee=unassigned`), ['06']);
      assert.deepEqual(await phones(`?status=all&labelId=${label.vip}&assignee=${agentId}&unread=true&channel=whatsapp`), ['05', '04']);
      assert.deepEqual(await phones('?status=live&from=2026-11-04&to=2026-11-04'), ['04']);
      assert.deepEqual(await phones('?status=live&from=2026-11-05'), ['05']);
    });

    it('pages a filtered list with the cursor, each conversation once', async () => {
      const seen: string[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const page: any = await get(`/api/inbox/conversations?status=live&assignee=unassigned&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.items.map((c: ConversationView) => c.contact.externalId.slice(-2)));
        cursor = page.nextCursor;
      }
      assert.deepEqual(seen, ['03', '02', '06']);
    });

    it('answers 400 for a malformed filter', async () => {
      for (const q of ['status=closed', 'assignee=someone', 'labelId=x', 'waiting=yes', 'unread=1']) {
        const res = await app.request(`/api/inbox/conversations?${q}`, { token });
        assert.equal(res.status, 400, q);
      }
    });
  });

  describe('message search', () => {
    it('finds English words in any case, newest first, with the conversation and a highlighted snippet', async () => {
      const hits = await search('q=ORDER');
      assert.deepEqual(hits.map((h) => h.snippet.text), ['Refund abhi tak nahi aaya, order ORD-654321', 'Where is my order ORD-123456?']);
      const [first] = hits;
      assert.deepEqual(first!.conversation, {
        id: conv['05'], channel: 'whatsapp', status: 'open',
        account: first!.conversation.account, contact: { identityId: first!.conversation.contact.identityId, externalId: '919800000005', name: 'Customer 0005' },
      });
      assert.equal(first!.conversation.account.name, 'Sales');
      assert.deepEqual(first!.snippet.highlights.map((h) => first!.snippet.text.slice(h.start, h.end)), ['order']);
      assert.equal(first!.message.direction, 'inbound');
      assert.equal(first!.message.sentAt, '2026-11-04T18:31:00.000Z');
    });

    it('finds Devanagari, part of a word, part of a phone number or order id, and phrases', async () => {
      assert.deepEqual(await bodies(`q=${encodeURIComponent('रिफंड')}`), ['मेरा रिफंड कब आएगा? call me on 9876543210']);
      assert.equal((await bodies('q=43210')).length, 1);
      assert.equal((await bodies('q=%2B919876543210')).length, 0); // the + goes, the 91 does not match "9876..."
      assert.deepEqual(await bodies('q=12345'), ['Where is my order ORD-123456?']);
      assert.deepEqual(await bodies('q=kurt'), ['Get 100% cashback on the blue kurta', 'Is the kurta blue or green? file axb']);
      assert.deepEqual(await bodies('q=%22blue+kurta%22'), ['Get 100% cashback on the blue kurta']);
      assert.deepEqual(await bodies('q=kurta+green'), ['Is the kurta blue or green? file axb']);
      assert.deepEqual(await bodies('q=refund+ORD'), ['Refund abhi tak nahi aaya, order ORD-654321']);
    });

    it('takes %, _ and backslashes literally', async () => {
      assert.deepEqual(await bodies('q=100%25'), ['Get 100% cashback on the blue kurta']);
      assert.deepEqual(await bodies('q=file+a_b'), ['Get 1000 cashback, file a_b.pdf']);
      assert.deepEqual(await bodies('q=cashback+%5C'), []);
    });

    it('applies the list filters', async () => {
      assert.equal((await search('q=kurta&channel=instagram')).length, 1);
      assert.equal((await search(`q=kurta&accountId=${igAccount}`))[0]!.conversation.channel, 'instagram');
      assert.deepEqual(await bodies('q=cashback&status=snoozed'), ['Get 100% cashback on the blue kurta']);
      assert.deepEqual(await bodies('q=cashback&status=active'), []);
      assert.deepEqual(await bodies('q=order&assignee=me'), ['Where is my order ORD-123456?']);
      assert.deepEqual(await bodies(`q=cashback&assignee=${agentId}`), ['Get 1000 cashback, file a_b.pdf']);
      assert.deepEqual(await bodies(`q=order&labelId=${label.vip}`), ['Refund abhi tak nahi aaya, order ORD-654321']);
      assert.deepEqual(await bodies('q=cashback&unread=true'), ['Get 1000 cashback, file a_b.pdf', 'Get 100% cashback on the blue kurta']);
      assert.deepEqual(await bodies('q=call&waiting=true'), ['मेरा रिफंड कब आएगा? call me on 9876543210']);
      // The message's own time, in days of the app time zone (India): 04 at 23:59, 05 at 00:01.
      assert.deepEqual(await bodies('q=cashback&from=2026-11-04&to=2026-11-04'), ['Get 1000 cashback, file a_b.pdf']);
      assert.deepEqual(await bodies('q=order&from=2026-11-05'), ['Refund abhi tak nahi aaya, order ORD-654321']);
    });

    it('finds the same with either plan (few conversations one by one, or all messages newest first)', async () => {
      const scope = { userId: adminId, timeZone: app.ctx.config.APP_TIMEZONE };
      const filters = [{ status: 'snoozed' }, { assignee: agentId }, { labelId: label.vip }, { unread: true }, { waiting: true }, { channel: 'whatsapp', status: 'live', from: '2026-11-02' }, { accountId: igAccount }] as const;
      let found = 0;
      for (const filter of filters) {
        for (const terms of [['cashback'], ['order'], ['kurta', 'blue'], ['call']]) {
          const run = async (fewAt: number) => (await searchMessages(app.ctx.db, app.ctx.defaultWorkspaceId, terms, { status: 'all', limit: 20, ...filter }, scope, fewAt)).items.map((h) => h.id);
          const all = await run(0);
          assert.deepEqual(all, await run(1000), JSON.stringify({ filter, terms }));
          found += all.length;
        }
      }
      assert.equal(found, 18);
    });

    it('pages newest first with the cursor', async () => {
      const seen: string[] = [];
      let cursor: string | null = '';
      let pages = 0;
      while (cursor !== null) {
        const page: any = await get(`/api/inbox/search?q=paging+message&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.items.map((h: SearchResultView) => h.snippet.text));
        cursor = page.nextCursor;
        pages++;
      }
      assert.equal(pages, 5);
      assert.deepEqual(seen, Array.from({ length: 30 }, (_, i) => `paging message ${30 - i}`));
    });

    it('answers a 4xx or works for hostile strings, never a 500', async () => {
      const status = async (q: string) => (await app.request(`/api/inbox/search?q=${encodeURIComponent(q)}`, { token })).status;
      assert.equal(await status('x'.repeat(10_000)), 400);
      assert.equal(await status('ab'), 400);
      assert.equal(await status('%%%'), 400);
      assert.equal(await status('"'), 400);
      assert.equal(await status('one two six ten abc def ghi jkl mno'), 400);
      assert.equal((await app.request('/api/inbox/search', { token })).status, 400);
      assert.equal((await app.request('/api/inbox/search?q=order&cursor=abc', { token })).status, 400);
      for (const q of ['\'order', '"order', 'order\\', '\\\\\\', 'or%_der', "'; drop table messages; --", 'order\u0000', '\u{1F600}order']) {
        assert.ok([200, 400].includes(await status(q)), q);
      }
      // Lone surrogates, as a client can only send them: their WTF-8 bytes, percent-encoded.
      for (const raw of ['%ED%A0%80order', 'ord%ED%BF%BFer', '%ED%A0%80%ED%A0%80%ED%A0%80', '%C0%80ord', '%E0%A4']) {
        assert.ok([200, 400].includes((await app.request(`/api/inbox/search?q=${raw}`, { token })).status), raw);
      }
    });

    it('is for members, like the inbox', async () => {
      assert.equal((await app.request('/api/inbox/search?q=order')).status, 401);
    });
  });

  describe('thread paging', () => {
    const thread = async (query: string) => {
      const page = await get(`/api/inbox/conversations/${conv['06']}/messages?${query}`);
      return { bodies: page.messages.map((m: any) => m.body), ids: page.messages.map((m: any) => m.id), hasOlder: page.hasOlder, hasNewer: page.hasNewer };
    };

    it('loads the newest page, then older and newer ones by id', async () => {
      const newest = await thread('limit=10');
      assert.deepEqual(newest.bodies, Array.from({ length: 10 }, (_, i) => `paging message ${21 + i}`));
      assert.deepEqual([newest.hasOlder, newest.hasNewer], [true, false]);
      const older = await thread(`limit=10&before=${newest.ids[0]}`);
      assert.deepEqual(older.bodies, Array.from({ length: 10 }, (_, i) => `paging message ${11 + i}`));
      assert.deepEqual([older.hasOlder, older.hasNewer], [true, true]);
      const oldest = await thread(`limit=20&before=${older.ids[0]}`);
      assert.deepEqual(oldest.bodies, ['Is the kurta blue or green? file axb', ...Array.from({ length: 10 }, (_, i) => `paging message ${1 + i}`)]);
      assert.equal(oldest.hasOlder, false);
      const newer = await thread(`limit=5&after=${older.ids.at(-1)}`);
      assert.deepEqual(newer.bodies, Array.from({ length: 5 }, (_, i) => `paging message ${21 + i}`));
      assert.deepEqual([newer.hasOlder, newer.hasNewer], [true, true]);
      assert.equal((await thread(`limit=10&after=${newest.ids.at(-1)}`)).bodies.length, 0);
    });

    it('opens a search result with the messages around it', async () => {
      const [hit] = await search('q=%22paging+message+15%22');
      const around = await thread(`limit=6&around=${hit!.message.id}`);
      assert.deepEqual(around.bodies, ['paging message 13', 'paging message 14', 'paging message 15', 'paging message 16', 'paging message 17', 'paging message 18']);
      assert.deepEqual([around.hasOlder, around.hasNewer], [true, true]);
      const start = await thread(`limit=6&around=${(await search('q=axb'))[0]!.message.id}`);
      assert.deepEqual([start.bodies[0], start.bodies.length, start.hasOlder, start.hasNewer], ['Is the kurta blue or green? file axb', 4, false, true]);
    });

    it('answers 404 for a message of another conversation and 400 for two anchors', async () => {
      const [other] = await search('q=ORD-123456');
      assert.equal((await app.request(`/api/inbox/conversations/${conv['06']}/messages?around=${other!.message.id}`, { token })).status, 404);
      assert.equal((await app.request(`/api/inbox/conversations/${conv['06']}/messages?before=5&after=3`, { token })).status, 400);
      assert.equal((await app.request(`/api/inbox/conversations/${conv['06']}/messages?around=-1`, { token })).status, 400);
    });
  });
});
