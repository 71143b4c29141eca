import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appInChromium, signIn } from '../../server/test/browser.ts';
import { ADMIN } from '../../server/test/harness.ts';

describe('dashboard shell in Chromium', () => {
  const env = appInChromium();

  it('guards pages, shows the server error on a wrong password, logs in and sees the footer version', async () => {
    const page = await env.browser.newPage();
    await page.goto(`${env.app.url}/inbox`);
    await page.waitForURL(/\/login\?next=%2Finbox/);
    await signIn(page, env.app.url, ADMIN.email, 'wrong password');
    await page.getByRole('alert').getByText('Email or password is incorrect').waitFor();
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const footer = page.getByTestId('app-version');
    await footer.waitFor();
    assert.equal(await footer.textContent(), `Parley v${env.app.ctx.version}`);
    for (const name of ['Home', 'Channels', 'Templates', 'Campaigns', 'Inbox', 'Settings']) {
      assert.ok(await page.getByRole('link', { name, exact: true }).first().isVisible(), `nav ${name}`);
    }
    await page.getByTestId('live-status').and(page.locator('[data-status="live"]')).waitFor();
  });
});
