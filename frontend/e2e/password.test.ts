import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { appInChromium, openSignedIn, signIn } from '../../server/test/browser.ts';
import { ADMIN } from '../../server/test/harness.ts';

const NEW_PASSWORD = 'a-brand-new-password';

async function fillPasswords(page: Page, current: string, next: string, repeated: string): Promise<void> {
  await page.getByLabel('Current password').fill(current);
  await page.getByLabel('New password', { exact: true }).fill(next);
  await page.getByLabel('Repeat the new password').fill(repeated);
  await page.getByRole('button', { name: 'Change password' }).click();
}

describe('changing the password in Settings (local mode) in Chromium', () => {
  const env = appInChromium();

  it('explains each refusal, then changes it: this browser stays signed in, another one is signed out', async () => {
    const here = await openSignedIn(env.browser, env.app.url);
    const elsewhere = await (await env.browser.newContext()).newPage(); // another device: its own storage
    await signIn(elsewhere, env.app.url, ADMIN.email, ADMIN.password);
    await elsewhere.getByTestId('app-version').waitFor();

    await here.getByRole('link', { name: 'Settings', exact: true }).first().click();
    const card = here.getByRole('region', { name: 'Password' });
    await card.waitFor();
    const alert = card.getByRole('alert');
    await fillPasswords(here, ADMIN.password, 'short', 'short');
    await alert.getByText('The new password must be at least 10 characters.').waitFor();
    await fillPasswords(here, ADMIN.password, NEW_PASSWORD, `${NEW_PASSWORD}!`);
    await alert.getByText('The two new passwords do not match.').waitFor();
    await fillPasswords(here, 'not-the-password', NEW_PASSWORD, NEW_PASSWORD);
    await alert.getByText('The current password is incorrect').waitFor();
    await fillPasswords(here, ADMIN.password, NEW_PASSWORD, NEW_PASSWORD);
    await card.getByRole('status').getByText('Password changed.').waitFor();
    assert.equal(await here.getByLabel('New password', { exact: true }).inputValue(), '', 'the form is cleared');

    // The other browser's next request is refused and it lands on the sign-in page.
    await elsewhere.getByRole('link', { name: 'Inbox', exact: true }).first().click();
    await elsewhere.waitForURL(/\/login/);
    await signIn(elsewhere, env.app.url, ADMIN.email, ADMIN.password);
    await elsewhere.getByRole('alert').getByText('Email or password is incorrect').waitFor();
    await elsewhere.getByLabel('Password').fill(NEW_PASSWORD);
    await elsewhere.getByRole('button', { name: 'Sign in' }).click();
    await elsewhere.getByTestId('app-version').waitFor();

    // This browser kept its session (the server handed it a new one), also across a reload.
    await here.reload();
    await here.getByRole('region', { name: 'Password' }).waitFor();
    assert.match(here.url(), /\/settings$/);
  });
});
