import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser, openSignedIn } from '../../server/test/browser.ts';
import { startTestApp, type TestApp } from '../../server/test/harness.ts';

// The default reply set from the dashboard and seen in the thread, the AI status on Settings,
// and a reply Meta kept refusing shown with its reason and sent again with Retry.
const DESK = '555000961';
const SHOP = '555000962';

describe('reply delivery in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  /** The customer's profile name is what the conversation list shows. */
  const inbound = (phoneNumberId: string, from: string, name: string, text: string) => app.sandbox('POST', '/control/inbound', { phone_number_id: phoneNumberId, from, name, type: 'text', text, flush: true });

  before(async () => {
    app = await startTestApp({ REPLY_RETRY_BASE_MS: '20' });
    browser = await launchBrowser();
    const token = await app.login();
    for (const [displayName, phoneNumberId] of [['Desk', DESK], ['Shop', SHOP]]) {
      const n = await app.call('POST', '/api/accounts', token, { displayName, phoneNumberId, wabaId: '660000000961', accessToken: `sandbox-${phoneNumberId}`, sandbox: true });
      assert.equal(n.status, 201);
    }
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('Settings says why AI replies are off; the default reply is set per number and lands in the thread', async () => {
    const page = await openSignedIn(browser, app.url);
    await page.getByRole('link', { name: 'Settings', exact: true }).first().click();
    const status = page.getByRole('region', { name: 'AI replies' });
    await status.getByTestId('ai-status').filter({ hasText: 'Not active' }).waitFor();
    await status.locator('[data-code="no_api_key"]').waitFor();
    await status.locator('[data-code="no_agent"]').waitFor();
    assert.equal(await page.getByRole('region', { name: 'Credits' }).getByLabel('Enforce credits').isChecked(), false, 'credits are off on a fresh install');

    await page.getByRole('link', { name: 'Rules', exact: true }).first().click();
    const card = page.getByRole('region', { name: 'Default reply' });
    await card.getByLabel('Send a default reply').check();
    await card.getByLabel('Default reply text', { exact: true }).fill('Thanks! We answer within the hour.');
    await card.getByRole('button', { name: 'Save default reply' }).click();
    await card.getByText('Default reply saved.').waitFor();
    const shop = card.locator('[data-testid="fallback-account"][data-account="Shop"]');
    await shop.getByLabel('Default reply on Shop').selectOption('custom');
    await shop.getByLabel('Default reply text on Shop').fill('The shop opens at 10 am.');
    await shop.getByRole('button', { name: 'Save' }).click();
    await shop.getByText('Saved.').waitFor();

    await inbound(DESK, '919844400001', 'Asha', 'hello desk');
    await inbound(SHOP, '919844400002', 'Bilal', 'hello shop');
    await page.getByRole('link', { name: 'Inbox', exact: true }).first().click();
    const thread = page.getByRole('region', { name: 'Conversation' });
    await page.getByTestId('conversation').filter({ hasText: 'Asha' }).click();
    await thread.getByTestId('message').filter({ hasText: 'Thanks! We answer within the hour.' }).waitFor();
    await page.getByTestId('conversation').filter({ hasText: 'Bilal' }).click();
    await thread.getByTestId('message').filter({ hasText: 'The shop opens at 10 am.' }).waitFor();
    await page.close();
  });

  it("a reply Meta kept refusing shows Meta's reason and a Retry button that sends it", async () => {
    await app.sandbox('POST', '/control/send-faults', { phone_number_id: DESK, count: 4, error: 'server' });
    const customer = '919844400003';
    await inbound(DESK, customer, 'Chitra', 'is anyone there?');
    const page = await openSignedIn(browser, app.url);
    await page.getByRole('link', { name: 'Inbox', exact: true }).first().click();
    await page.getByTestId('conversation').filter({ hasText: 'Chitra' }).click();
    const thread = page.getByRole('region', { name: 'Conversation' });
    const reply = thread.getByTestId('message').filter({ hasText: 'Thanks! We answer within the hour.' });
    await reply.getByTestId('failure-reason').filter({ hasText: 'Not delivered: Something went wrong (error 131000)' }).waitFor();
    await reply.getByRole('button', { name: 'Retry' }).click();
    await reply.getByTestId('status-read').waitFor({ timeout: 15_000 }); // sent, then delivered and read by the simulator's webhooks
    assert.equal(await reply.getByTestId('failure-reason').count(), 0);
    assert.equal(await reply.getByRole('button', { name: 'Retry' }).count(), 0);
    const sends = (await app.sandbox('GET', `/control/requests?recipient=${customer}&limit=100`)).entries as any[];
    assert.deepEqual(sends.sort((a, b) => a.seq - b.seq).map((e) => e.outcome), ['rejected', 'rejected', 'rejected', 'rejected', 'accepted']);
    await page.close();
  });
});
