import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { hashPassword } from '../../server/auth/passwords.ts';
import { appInChromium, signIn } from '../../server/test/browser.ts';
import { waitFor } from '../../server/test/harness.ts';

// Two agents, each in their own browser context, on one live inbox: one takes a conversation and
// the other sees it assigned at once; her reply reaches the simulator with its ticks and the bots
// stay silent after it; a private note is seen by both and sent nowhere; resolving and a new
// customer message move it for both, without a reload; an agent cannot open Settings.
const PNID = '555000321';
const CUSTOMER = '919811122233';

describe('two agents in one inbox, in Chromium', () => {
  const env = appInChromium();

  const agent = async (name: string) => {
    const email = `${name.toLowerCase()}@example.com`;
    await env.app.ctx.db('users').insert({ workspace_id: env.app.ctx.defaultWorkspaceId, email, name, role: 'agent', availability: 'online', password_hash: await hashPassword('agent-password-123') });
    const page = await env.browser.newPage();
    await signIn(page, env.app.url, email, 'agent-password-123');
    await page.getByRole('link', { name: 'Inbox', exact: true }).first().click();
    await page.getByTestId('live-status').and(page.locator('[data-status="live"]')).waitFor();
    return page;
  };
  const customerSays = (text: string) => env.app.sandbox('POST', '/control/inbound', { phone_number_id: PNID, from: CUSTOMER, type: 'text', text, flush: true });
  const sentToCustomer = async () => ((await env.app.sandbox('GET', `/control/requests?recipient=${CUSTOMER}&limit=100`)).entries as any[]).length;
  const row = (page: Page) => page.getByTestId('conversation').first(); // the only one

  it('one takes the conversation, the other sees it live; reply, note, resolve and reopen reach both; the bots stay silent', async () => {
    const admin = await env.app.login();
    assert.equal((await env.app.call('POST', '/api/accounts', admin, { displayName: 'Support', phoneNumberId: PNID, wabaId: '660000000321', accessToken: `sandbox-${PNID}`, sandbox: true })).status, 201);
    assert.equal((await env.app.call('POST', '/api/rules', admin, { name: 'Prices', keywords: ['price'], reply: 'Plans start at ₹499.' })).status, 201);
    const asha = await agent('Asha');
    const ravi = await agent('Ravi');

    await customerSays('Hello, I need help with my order');
    for (const page of [asha, ravi]) await row(page).getByTestId('unread').waitFor();
    await asha.getByTestId('inbox-unread').waitFor();

    await row(asha).click();
    const thread = asha.getByRole('region', { name: 'Conversation' });
    await thread.getByText('Hello, I need help with my order').waitFor();
    await row(asha).getByTestId('unread').waitFor({ state: 'detached' }); // opening it reads it
    await thread.getByRole('button', { name: 'Assign to me' }).click();
    await row(ravi).getByTestId('assignee').filter({ hasText: 'Asha' }).waitFor(); // live, no reload

    // Asha answers: it reaches the simulator and shows its ticks; the bots go quiet.
    const box = thread.getByLabel('Reply', { exact: true });
    await box.fill('Hi, this is Asha. Which order is it?');
    await box.press('Enter');
    const reply = thread.getByTestId('message').filter({ hasText: 'Which order is it?' });
    await reply.locator('[data-testid="status-delivered"], [data-testid="status-read"]').first().waitFor();
    await thread.getByTestId('bot-paused').waitFor();
    const sent = await sentToCustomer();
    assert.equal(sent, 1, 'the reply reached the simulator');
    await customerSays('What is the price?');
    await thread.getByText('What is the price?').waitFor();
    await waitFor('the reply worker to pass on it', async () =>
      env.app.ctx.db('reply_logs').where({ outcome: 'bot_paused' }).count<{ count: string }[]>('* as count'), (r) => Number(r[0]!.count) >= 1);
    assert.equal(await sentToCustomer(), sent, 'no rule answered while a person handles it');

    // A private note stays in the thread, for both agents, and is sent nowhere.
    await thread.getByRole('tab', { name: 'Private note' }).click();
    await thread.getByLabel('Private note', { exact: true }).fill('Promised a call back tomorrow');
    await thread.getByLabel('Private note', { exact: true }).press('Enter');
    await thread.locator('[data-testid="message"][data-direction="note"]').filter({ hasText: 'Promised a call back' }).waitFor();
    await row(ravi).click();
    await ravi.locator('[data-testid="message"][data-direction="note"]').filter({ hasText: 'Promised a call back' }).waitFor();
    assert.equal(await sentToCustomer(), sent, 'the note was not sent');
    await asha.evaluate(() => (document.activeElement as HTMLElement | null)?.blur()); // keys typed in the composer are text, not shortcuts

    await asha.keyboard.press('e'); // resolve, from the keyboard
    await ravi.getByTestId('conversation').waitFor({ state: 'detached' }); // resolved: out of the open & pending list
    await thread.getByTestId('bot-paused').waitFor({ state: 'detached' });

    await customerSays('One more thing');
    await row(ravi).waitFor(); // reopened: back in the list
    await ravi.getByRole('region', { name: 'Conversation' }).getByText('One more thing').waitFor(); // his open thread follows
    // Handing it to Ravi rings his bell (his own notification, not Asha's) while he looks at the list.
    await thread.getByLabel('Assignee').selectOption({ label: 'Ravi · online' });
    await ravi.getByRole('button', { name: /Notifications, \d+ unread/ }).click();
    await ravi.getByTestId('notification').filter({ hasText: 'Conversation assigned to you' }).waitFor();
    await asha.getByRole('button', { name: /^Notifications/ }).click();
    assert.equal(await asha.getByTestId('notification').filter({ hasText: 'Conversation assigned to you' }).count(), 0);
    await asha.keyboard.press('Escape');
    await asha.keyboard.press('?');
    await asha.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();

    // An agent cannot open Settings: no link, and the address shows why instead of failed requests.
    assert.equal(await ravi.getByRole('link', { name: 'Settings', exact: true }).count(), 0);
    await ravi.goto(`${env.app.url}/settings`);
    await ravi.getByText('Only admins can open this page.').waitFor();
    await asha.close();
    await ravi.close();
  });
});
