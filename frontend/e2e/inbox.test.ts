import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { encryptSecret } from '../../server/lib/crypto.ts';
import { ACCOUNT_TOKEN } from '../../server/secrets/bindings.ts';
import { launchBrowser, signIn } from '../../server/test/browser.ts';
import { ADMIN, startTestApp, waitFor, type TestApp } from '../../server/test/harness.ts';
import { instagramWebhook } from '../../server/test/ig-payloads.ts';
import { inboundText } from '../../server/test/wa-payloads.ts';
import { recordOutbound } from '../../server/inbox/outbound.ts';

const PNID = '555000111222333';
const IG_USER_ID = '17841400000000077';
const IGSID = '6543210987650042';
const STORY_URL = 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1800';

/** Set before the webhook arrives; still set afterwards only if the page never reloaded. */
const markPage = (page: Page) => page.evaluate(() => ((window as unknown as { e2eMarker: boolean }).e2eMarker = true));
const stillMarked = (page: Page) => page.evaluate(() => (window as unknown as { e2eMarker?: boolean }).e2eMarker === true);

describe('inbox in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let numberId: string;
  before(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    [{ id: numberId }] = await app.ctx.db('channel_accounts').insert({
      workspace_id: app.ctx.defaultWorkspaceId,
      display_name: 'Support',
      external_id: PNID,
      waba_id: '1',
      access_token_enc: encryptSecret(app.ctx.keys.encryptionKey, 'tok', ACCOUNT_TOKEN),
    }).returning('id');
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('shows an inbound WhatsApp message live in the list and in the open thread, without a reload', async () => {
    const page = await browser.newPage();
    await signIn(page, app.url, ADMIN.email, ADMIN.password);
    await page.getByTestId('app-version').waitFor();
    await page.getByRole('link', { name: 'Inbox', exact: true }).first().click();
    await page.getByText('No conversations yet').waitFor();
    await page.getByTestId('live-status').and(page.locator('[data-status="live"]')).waitFor();
    await markPage(page);

    const res = await app.postWebhook(inboundText(PNID, '919876500001', 'wamid.e2e.1', 'Hello from a customer'));
    assert.equal(res.status, 200);
    const conversation = page.getByTestId('conversation').filter({ hasText: 'Customer 0001' });
    await conversation.waitFor();
    assert.match((await conversation.textContent()) ?? '', /Hello from a customer/);
    assert.match((await conversation.textContent()) ?? '', /via Support/);
    assert.equal(await page.getByTestId('conversation').count(), 1);

    await conversation.click();
    await page.waitForURL(/\/inbox\?c=[0-9a-f-]{36}$/);
    const thread = page.getByRole('region', { name: 'Conversation' });
    await thread.getByRole('heading', { name: 'Customer 0001' }).waitFor();
    assert.match((await thread.locator('header').textContent()) ?? '', /\+919876500001/);
    const first = thread.getByTestId('message').filter({ hasText: 'Hello from a customer' });
    await first.waitFor();
    assert.equal(await first.getAttribute('data-direction'), 'inbound');

    // A follow-up shows up in the open thread and as the list preview, still without a reload.
    await app.postWebhook(inboundText(PNID, '919876500001', 'wamid.e2e.2', 'Is my order shipped?'));
    await thread.getByTestId('message').filter({ hasText: 'Is my order shipped?' }).waitFor();
    await page.getByTestId('conversation').filter({ hasText: 'Is my order shipped?' }).waitFor();
    assert.deepEqual(await thread.getByTestId('message').allTextContents().then((t) => t.map((x) => x.replace(/\d.*$/, '').trim())), [
      'Hello from a customer',
      'Is my order shipped?',
    ]);
    assert.equal(await stillMarked(page), true, 'the page was not reloaded');
    await page.close();
  });

  it('shows a campaign send in the thread with its template name, and the answer under it', async () => {
    await app.ctx.db.transaction((trx) =>
      recordOutbound(trx, { workspaceId: app.ctx.defaultWorkspaceId, accountId: numberId, channel: 'whatsapp', isTest: false }, [
        { externalId: 'wamid.e2e.campaign', customerId: '919876500002', type: 'template', body: 'Hi Asha, your order A-1 shipped.\n\n[Track order]', templateName: 'order_shipped' },
      ]),
    );
    await app.postWebhook(inboundText(PNID, '919876500002', 'wamid.e2e.3', 'Where is it now?'));
    await waitFor('the answer stored', () => app.ctx.db('messages').where({ external_id: 'wamid.e2e.3' }).first(), (m) => !!m);
    const page = await browser.newPage();
    await signIn(page, app.url, ADMIN.email, ADMIN.password);
    await page.getByRole('link', { name: 'Inbox', exact: true }).first().click();
    await page.getByTestId('conversation').filter({ hasText: 'Customer 0002' }).click();
    const thread = page.getByRole('region', { name: 'Conversation' });
    const template = thread.getByTestId('message').filter({ has: page.getByTestId('template-badge') });
    await template.waitFor();
    assert.equal(await template.getAttribute('data-direction'), 'outbound');
    assert.equal((await template.getByTestId('template-badge').textContent())?.trim(), 'Template · order_shipped');
    assert.match((await template.textContent()) ?? '', /Hi Asha, your order A-1 shipped\.\s*\[Track order\]/);
    const messages = thread.getByTestId('message');
    await messages.nth(1).filter({ hasText: 'Where is it now?' }).waitFor();
    assert.equal(await messages.count(), 2, 'the template, then the answer');
    await page.close();
  });

  it('badges each conversation with its channel, filters by channel and shows Instagram messages by type', async () => {
    await app.ctx.db('channel_accounts').insert({
      workspace_id: app.ctx.defaultWorkspaceId,
      channel: 'instagram',
      display_name: 'Shop IG',
      external_id: IG_USER_ID,
      handle: '@shop',
      access_token_enc: encryptSecret(app.ctx.keys.encryptionKey, 'tok', ACCOUNT_TOKEN),
    });
    const res = await app.postWebhook(instagramWebhook(IG_USER_ID, IGSID, [
      { message: { mid: 'ig.e2e.1', text: 'Do you ship to Pune?' } },
      { message: { mid: 'ig.e2e.2', attachments: [{ type: 'image', payload: { url: `${app.url}/favicon.svg` } }] } },
      // An expired CDN link (here one the page may not load): the photo falls back to a link.
      { message: { mid: 'ig.e2e.3', attachments: [{ type: 'image', payload: { url: 'http://127.0.0.1:9/gone.jpg' } }] } },
      { message: { mid: 'ig.e2e.4', attachments: [{ type: 'share', payload: { url: 'javascript:alert(1)' } }] } },
      { message: { mid: 'ig.e2e.5', text: 'Love this!', reply_to: { story: { id: '1800', url: STORY_URL } } } },
      { message: { mid: 'ig.e2e.6', text: 'oops, wrong chat' } },
      { postback: { mid: 'ig.e2e.7', title: 'Get started', payload: 'START' } },
      { message_edit: { mid: 'ig.e2e.1', text: 'Do you ship to Mumbai?', num_edit: 1 } },
      { reaction: { mid: 'ig.e2e.2', action: 'react', reaction: 'love', emoji: '❤️' } },
      { message: { mid: 'ig.e2e.6', is_deleted: true } },
    ]));
    assert.equal(res.status, 200);
    // One body is ingested in one transaction: once the unsend is applied, every event is.
    await waitFor('the Instagram events applied', () => app.ctx.db('messages').where({ external_id: 'ig.e2e.6' }).first('edit_count'), (m) => m?.edit_count === 1);

    const page = await browser.newPage();
    await signIn(page, app.url, ADMIN.email, ADMIN.password);
    await page.getByRole('link', { name: 'Inbox', exact: true }).first().click();
    const rows = page.getByTestId('conversation');
    const withBadge = (label: string) => rows.filter({ has: page.getByTestId('channel-badge').filter({ hasText: label }) });
    await withBadge('Instagram').waitFor();
    assert.equal(await withBadge('Instagram').count(), 1);
    assert.equal(await withBadge('WhatsApp').count(), 2, 'the two WhatsApp customers of the earlier tests');
    assert.match((await withBadge('Instagram').textContent()) ?? '', /Customer …0042.*via Shop IG/);

    const channel = page.getByRole('combobox', { name: 'Channel' });
    await channel.selectOption('instagram');
    await withBadge('WhatsApp').first().waitFor({ state: 'detached' });
    assert.equal(await rows.count(), 1);
    await channel.selectOption('messenger');
    await page.getByText('No conversations match').waitFor();
    await channel.selectOption('whatsapp');
    await withBadge('WhatsApp').nth(1).waitFor();
    assert.equal(await withBadge('Instagram').count(), 0);
    await channel.selectOption('instagram');
    await withBadge('Instagram').click();

    const thread = page.getByRole('region', { name: 'Conversation' });
    await thread.getByRole('heading', { name: 'Customer …0042' }).waitFor();
    assert.equal((await thread.locator('header').getByTestId('channel-badge').textContent())?.trim(), 'Instagram');
    assert.match((await thread.locator('header').textContent()) ?? '', /via Shop IG \(@shop\)/);
    const message = (text: string | RegExp) => thread.getByTestId('message').filter({ hasText: text });
    await message('Do you ship to Mumbai?').getByTestId('edited').waitFor();

    const photo = thread.getByTestId('message').filter({ has: page.locator(`img[src="${app.url}/favicon.svg"]`) });
    assert.equal(await photo.locator('img').getAttribute('referrerpolicy'), 'no-referrer');
    assert.equal((await photo.getByTestId('reaction').textContent())?.trim(), '❤️');
    const fallback = message('Photo').getByRole('link', { name: 'Open' });
    await fallback.waitFor();
    assert.equal(await fallback.getAttribute('href'), 'http://127.0.0.1:9/gone.jpg');
    assert.equal(await message('Shared a post').locator('a').count(), 0, 'a javascript: URL is not made a link');
    const story = message('Replied to your story');
    assert.match((await story.textContent()) ?? '', /Love this!/);
    assert.equal(await story.getByRole('link', { name: 'View story' }).getAttribute('href'), STORY_URL);
    await message(/Tapped\s*Get started/).waitFor();
    const unsent = message('Message unsent');
    assert.equal(await unsent.getByTestId('edited').count(), 0);
    assert.doesNotMatch((await unsent.textContent()) ?? '', /oops/);

    for (const link of await thread.getByTestId('message').locator('a').all()) {
      assert.match((await link.getAttribute('href')) ?? '', /^https?:\/\//);
      assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
      assert.equal(await link.getAttribute('target'), '_blank');
    }
    await page.close();
  });
});
