import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { encryptSecret } from '../../server/lib/crypto.ts';
import { notify } from '../../server/notifications/service.ts';
import { ACCOUNT_TOKEN } from '../../server/secrets/bindings.ts';
import { launchBrowser, signIn } from '../../server/test/browser.ts';
import { startFakeSupabase, type FakeSupabase } from '../../server/test/fake-supabase.ts';
import { startTestApp, type TestApp } from '../../server/test/harness.ts';
import { startSupabaseLikePostgres, SUPABASE_GRANTS_ON_EXISTING } from '../../server/test/supabase-db.ts';
import { inboundText } from '../../server/test/wa-payloads.ts';

// The dashboard in Supabase mode against a fake Supabase (server/test/fake-supabase.ts): GoTrue
// for sign-in and password recovery, Realtime applying the publication and RLS like the real one.
const BOSS = 'boss@example.com';
const FIRST_PASSWORD = 'first-password-123';
const PNID = '555000111222444';

/** Set once; still set later only if the page never reloaded. */
const markPage = (page: Page) => page.evaluate(() => ((window as unknown as { e2eMarker: boolean }).e2eMarker = true));
const stillMarked = (page: Page) => page.evaluate(() => (window as unknown as { e2eMarker?: boolean }).e2eMarker === true);

describe('Supabase mode in Chromium', () => {
  let fake: FakeSupabase;
  let app: TestApp;
  let browser: Browser;
  let postgres: Awaited<ReturnType<typeof startSupabaseLikePostgres>>;
  const ids: Record<string, string> = {};
  before(async () => {
    fake = await startFakeSupabase();
    fake.addUser(BOSS, FIRST_PASSWORD);
    postgres = await startSupabaseLikePostgres();
    app = await startTestApp({ DATABASE_URL: postgres.url, SUPABASE_URL: fake.url, SUPABASE_ANON_KEY: fake.anonKey, SUPABASE_JWT_SECRET: fake.jwtSecret, ADMIN_EMAILS: BOSS });
    await app.ctx.db.raw(SUPABASE_GRANTS_ON_EXISTING);
    await fake.watch(app.ctx.databaseUrl);
    browser = await launchBrowser();

    const workspace_id = app.ctx.defaultWorkspaceId;
    const numberRow = (display_name: string, external_id: string) => ({ workspace_id, display_name, external_id, waba_id: '1', access_token_enc: encryptSecret(app.ctx.keys.encryptionKey, 'tok', ACCOUNT_TOKEN) });
    const [support, old] = await app.ctx.db('channel_accounts').insert([numberRow('Support', PNID), numberRow('Old line', '555000111222555')]).returning('id');
    ids.oldLine = old.id;
    const [campaign] = await app.ctx.db('campaigns').insert({ workspace_id, number_id: support.id, name: 'Spring promo', status: 'scheduled', scheduled_at: new Date(Date.now() + 86_400_000) }).returning('id');
    ids.campaign = campaign.id;
    const [template] = await app.ctx.db('templates')
      .insert({
        workspace_id, waba_id: '1', meta_template_id: '9101', name: 'delivery_update', language: 'en', status: 'APPROVED', category: 'UTILITY',
        components: JSON.stringify([{ type: 'BODY', text: 'Your parcel arrives today.' }]), is_quarantined: true, quarantine_reason: 'Meta announced re-categorisation', quarantined_at: new Date(), last_synced_at: new Date(),
      })
      .returning('id');
    ids.template = template.id;
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
    await fake?.stop();
    await postgres?.stop();
  });

  it('updates every live view without a reload: inbox, templates, channels, campaigns, notifications', async () => {
    const page = await browser.newPage();
    await signIn(page, app.url, BOSS, FIRST_PASSWORD);
    await page.getByTestId('app-version').waitFor();
    await page.getByTestId('live-status').and(page.locator('[data-status="live"]')).waitFor();
    await markPage(page);
    const token = await fake.accessToken(BOSS); // a second device of the same user acting meanwhile
    const open = (name: string) => page.getByRole('link', { name, exact: true }).first().click();

    await open('Inbox');
    await page.getByText('No conversations yet').waitFor();
    assert.equal((await app.postWebhook(inboundText(PNID, '919876500001', 'wamid.sb.1', 'Hello over Realtime'))).status, 200);
    await page.getByTestId('conversation').filter({ hasText: 'Hello over Realtime' }).waitFor();

    await open('Templates');
    const badge = page.locator('[data-testid="template-row"][data-name="delivery_update"]').getByTestId('state-badge');
    await badge.filter({ hasText: 'Quarantined' }).waitFor();
    assert.equal((await app.call('POST', `/api/templates/${ids.template}/unquarantine`, token)).status, 200);
    await badge.filter({ hasText: 'Sendable' }).waitFor();

    await open('Channels');
    await page.getByText('Old line').first().waitFor();
    assert.equal((await app.call('DELETE', `/api/accounts/${ids.oldLine}`, token)).status, 200);
    await page.getByText('Old line').first().waitFor({ state: 'detached' });

    await open('Campaigns');
    await page.getByText('Spring promo').first().waitFor();
    assert.equal((await app.call('DELETE', `/api/campaigns/${ids.campaign}`, token)).status, 204);
    await page.getByText('Spring promo').first().waitFor({ state: 'detached' });

    assert.equal(await page.getByTestId('unread-count').count(), 0);
    await notify(app.ctx, { workspaceId: app.ctx.defaultWorkspaceId, type: 'info', title: 'Heard over Realtime', message: 'live', actionUrl: '/' });
    await page.getByTestId('unread-count').filter({ hasText: /^1$/ }).waitFor();

    assert.equal(await stillMarked(page), true, 'the page was not reloaded');
    assert.equal(await page.getByTestId('live-status').getAttribute('data-status'), 'live', 'pushed, not polled');
    await page.close();
  });

  it('the emailed recovery link opens a set-new-password screen; the new password then signs in', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/login`);
    await page.getByLabel('Email').fill(BOSS);
    await page.getByRole('button', { name: 'Forgot password?' }).click();
    await page.getByText(`If ${BOSS} has an account, a reset link is on its way.`).waitFor();
    const mail = fake.outbox.at(-1)!;
    assert.equal(mail.to, BOSS);

    await page.goto(mail.link);
    await page.getByRole('heading', { name: 'Set a new password' }).waitFor();
    await page.getByText(`for ${BOSS}`).waitFor();
    const alert = page.getByRole('alert');
    const choose = async (next: string, repeated: string) => {
      await page.getByLabel('New password', { exact: true }).fill(next);
      await page.getByLabel('Repeat the new password').fill(repeated);
      await page.getByRole('button', { name: 'Save password' }).click();
    };
    await choose('short', 'short');
    await alert.getByText('The new password must be at least 10 characters.').waitFor();
    await choose('second-password-456', 'second-password-789');
    await alert.getByText('The two new passwords do not match.').waitFor();
    await choose(FIRST_PASSWORD, FIRST_PASSWORD); // Supabase's own refusal is shown as it says it
    await alert.getByText('New password should be different from the old password.').waitFor();
    await choose('second-password-456', 'second-password-456');
    await page.getByTestId('app-version').waitFor();
    assert.equal(fake.user(BOSS)!.password, 'second-password-456');
    assert.doesNotMatch(page.url(), /access_token/, 'the tokens left the address bar');

    const other = await (await browser.newContext()).newPage();
    await signIn(other, app.url, BOSS, FIRST_PASSWORD);
    await other.getByRole('alert').getByText('Invalid login credentials').waitFor();
    await other.getByLabel('Password').fill('second-password-456');
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.getByTestId('app-version').waitFor();
  });
});
