import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { notify } from '../../server/notifications/service.ts';
import { appInChromium, signIn } from '../../server/test/browser.ts';
import { ADMIN } from '../../server/test/harness.ts';

describe('notifications in Chromium', () => {
  const env = appInChromium();

  it('shows the unread count live, opens the dropdown, and a click marks read and follows action_url', async () => {
    const page = await env.browser.newPage();
    await signIn(page, env.app.url, ADMIN.email, ADMIN.password);
    await page.getByTestId('app-version').waitFor();
    await page.getByTestId('live-status').and(page.locator('[data-status="live"]')).waitFor();
    assert.equal(await page.getByTestId('unread-count').count(), 0);

    const workspaceId = env.app.ctx.defaultWorkspaceId;
    await notify(env.app.ctx, { workspaceId, type: 'template_quarantined', title: 'Template quarantined', message: 'summer_sale is MARKETING', actionUrl: '/templates' });
    await notify(env.app.ctx, {
      workspaceId,
      type: 'token_expired',
      title: 'WhatsApp token expired',
      message: 'WhatsApp number Support token expired, please update',
      actionUrl: '/channels',
    });
    const badge = page.getByTestId('unread-count');
    await badge.filter({ hasText: /^2$/ }).waitFor();

    await page.getByRole('button', { name: 'Notifications, 2 unread' }).click();
    const dropdown = page.getByRole('dialog', { name: 'Notifications' });
    const items = dropdown.getByTestId('notification');
    await items.first().waitFor();
    assert.deepEqual(await items.locator('p:first-child').allTextContents(), ['WhatsApp token expired (unread)', 'Template quarantined (unread)']);

    await items.filter({ hasText: 'WhatsApp token expired' }).click();
    await page.waitForURL(`${env.app.url}/channels`);
    await page.getByRole('heading', { name: 'Channels', level: 1 }).waitFor();
    await badge.filter({ hasText: /^1$/ }).waitFor();
    assert.equal(await dropdown.count(), 0, 'the dropdown closed');
    const rows = await env.app.ctx.db('notifications').orderBy('title').select('title', 'is_read');
    assert.deepEqual(rows, [
      { title: 'Template quarantined', is_read: false },
      { title: 'WhatsApp token expired', is_read: true },
    ]);
    await page.close();
  });

  it('lists all on the page with unread ones marked, and marks selected ones read', async () => {
    const page = await env.browser.newPage();
    await signIn(page, env.app.url, ADMIN.email, ADMIN.password);
    await page.getByTestId('app-version').waitFor();
    await page.goto(`${env.app.url}/notifications`);
    const rows = page.getByTestId('notification-row');
    await rows.nth(1).waitFor();
    assert.equal(await rows.count(), 2);
    const unread = page.locator('[data-testid="notification-row"][data-unread]');
    assert.equal(await unread.count(), 1);
    assert.match((await unread.textContent()) ?? '', /Template quarantined/);

    await page.getByRole('checkbox', { name: 'Select Template quarantined' }).check();
    await page.getByRole('button', { name: 'Mark selected read (1)' }).click();
    await page.getByText('0 unread').waitFor();
    await page.getByTestId('unread-count').waitFor({ state: 'detached' });
    assert.equal(await unread.count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Mark all read' }).isDisabled(), true);
    await page.close();
  });
});
