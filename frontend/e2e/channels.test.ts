import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appInChromium, openSignedIn } from '../../server/test/browser.ts';
import { waitFor } from '../../server/test/harness.ts';

// A new user with no Meta account: a sandbox Instagram account added from the Channels page, then
// a customer's DM sent through the simulator arrives live in the inbox, answered by a rule.

describe('Channels page in Chromium', () => {
  const env = appInChromium();

  it('old /numbers links land on /channels with their query', async () => {
    const page = await openSignedIn(env.browser, env.app.url);
    await page.goto(`${env.app.url}/numbers?update=00000000-0000-4000-8000-000000000000`);
    await page.waitForURL(`${env.app.url}/channels?update=00000000-0000-4000-8000-000000000000`);
    await page.getByRole('heading', { name: 'Channels', level: 1 }).waitFor();
    await page.getByText('That account is no longer connected.').waitFor();
    await page.close();
  });

  it('adds a sandbox Instagram account after Test connection, and a test DM is answered live in the inbox', async () => {
    const token = await env.app.login();
    assert.equal((await env.app.call('POST', '/api/rules', token, { name: 'Prices', keywords: ['price'], reply: 'Plans start at ₹499 a month.' })).status, 201);
    const page = await openSignedIn(env.browser, env.app.url);
    await page.getByRole('link', { name: 'Channels', exact: true }).first().click();
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByRole('radio', { name: /Instagram/ }).check();
    const form = page.getByRole('form', { name: 'Add Instagram account' });
    await form.getByLabel(/^Sandbox/).check();
    await form.getByRole('button', { name: 'Fill sandbox values' }).click();
    await form.getByLabel('Display name').fill('Shop IG');
    const save = form.getByRole('button', { name: 'Save' });
    assert.equal(await save.isDisabled(), true, 'Save waits for Test connection');
    await form.getByRole('button', { name: 'Test connection' }).click();
    await form.getByText('Connection OK').waitFor();
    await save.click();
    await page.getByText('Shop IG (@shopig) is connected.').waitFor();

    const card = page.locator('[data-testid="account-card"][data-name="Shop IG"]');
    assert.equal(await card.getAttribute('data-channel'), 'instagram');
    assert.equal(await card.getByTestId('channel-badge').textContent(), 'Instagram');
    await card.getByText('Sandbox · test data').waitFor();
    const igUserId = await card.locator('dd.font-mono').first().textContent();

    const customer = await card.getByTestId('sandbox-dm-from').inputValue();
    assert.match(customer, /^\d{16}$/, 'a customer id is prefilled');

    // The inbox is open in another tab, live, before the DM is sent: it must appear without a reload.
    const inbox = await openSignedIn(env.browser, env.app.url);
    await inbox.getByRole('link', { name: 'Inbox', exact: true }).first().click();
    await inbox.getByTestId('live-status').and(inbox.locator('[data-status="live"]')).waitFor();

    await card.getByTestId('sandbox-dm-text').fill('What is the price?');
    await card.getByTestId('sandbox-dm-send').click();
    await card.getByTestId('sandbox-dm-sent').waitFor();

    const row = inbox.getByTestId('conversation').filter({ has: inbox.getByTestId('channel-badge').filter({ hasText: 'Instagram' }) });
    await row.waitFor();
    await row.click();
    const thread = inbox.getByRole('region', { name: 'Conversation' });
    await thread.getByTestId('message').filter({ hasText: 'What is the price?' }).waitFor();
    await thread.getByTestId('message').filter({ hasText: 'Plans start at ₹499 a month.' }).waitFor();
    await inbox.close();

    const conversations = await waitFor(
      'the DM to arrive as a conversation',
      async () => (await env.app.call('GET', '/api/inbox/conversations', token)).body,
      (b) => JSON.stringify(b?.items ?? []).includes(customer),
    );
    const [account] = (await env.app.call('GET', '/api/accounts?channel=instagram', token)).body.items;
    assert.equal(account.externalId, igUserId);
    assert.ok(JSON.stringify(conversations.items).includes(account.id), 'the conversation is on the Instagram account');
    await page.close();
  });
});
