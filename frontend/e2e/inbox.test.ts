import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { encryptSecret } from '../../server/lib/crypto.ts';
import { NUMBER_TOKEN } from '../../server/secrets/bindings.ts';
import { launchBrowser, signIn } from '../../server/test/browser.ts';
import { ADMIN, startTestApp, type TestApp } from '../../server/test/harness.ts';
import { inboundText } from '../../server/test/wa-payloads.ts';

const PNID = '555000111222333';

/** Set before the webhook arrives; still set afterwards only if the page never reloaded. */
const markPage = (page: Page) => page.evaluate(() => ((window as unknown as { e2eMarker: boolean }).e2eMarker = true));
const stillMarked = (page: Page) => page.evaluate(() => (window as unknown as { e2eMarker?: boolean }).e2eMarker === true);

describe('inbox in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  before(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    await app.ctx.db('phone_numbers').insert({
      workspace_id: app.ctx.defaultWorkspaceId,
      display_name: 'Support',
      phone_number_id: PNID,
      waba_id: '1',
      access_token_enc: encryptSecret(app.ctx.keys.encryptionKey, 'tok', NUMBER_TOKEN),
    });
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
});
