import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appInChromium, openSignedIn, signIn } from '../../server/test/browser.ts';

const AGENT = { email: 'asha@example.com', name: 'Asha Agent', password: 'asha-password-1' };

describe('team in Chromium: an admin invites an agent, who joins and sees only what agents may use', () => {
  const env = appInChromium();

  it('invite link, accepted in another browser; the agent has the inbox but not Settings', async () => {
    const admin = await openSignedIn(env.browser, env.app.url);
    await admin.getByRole('link', { name: 'Settings', exact: true }).first().click();
    await admin.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Team' }).click();
    await admin.getByTestId('member-admin@example.com').waitFor();

    const form = admin.getByRole('form', { name: 'Invite someone' });
    await form.getByLabel('Email').fill(AGENT.email);
    await form.getByLabel('Role').selectOption('agent');
    await form.getByRole('button', { name: 'Create invite' }).click();
    const linkBox = admin.getByLabel('Invite link');
    await linkBox.waitFor();
    const link = await linkBox.inputValue();
    assert.match(link, new RegExp(`^${env.app.url}/invite#[A-Za-z0-9_-]{40,}$`));
    await admin.getByRole('region', { name: 'Pending invites' }).getByText(AGENT.email).waitFor();

    // The invitee, in a browser of their own.
    const agent = await (await env.browser.newContext()).newPage();
    await agent.goto(link);
    await agent.getByText('You are invited to', { exact: false }).waitFor();
    await agent.getByText(AGENT.email, { exact: true }).waitFor();
    await agent.getByLabel('Your name').fill(AGENT.name);
    await agent.getByLabel('Password', { exact: true }).fill('short');
    await agent.getByLabel('Repeat the password').fill('short');
    await agent.getByRole('button', { name: 'Join and sign in' }).click();
    await agent.getByRole('alert').getByText('at least 10 characters', { exact: false }).waitFor();
    await agent.getByLabel('Password', { exact: true }).fill(AGENT.password);
    await agent.getByLabel('Repeat the password').fill(AGENT.password);
    await agent.getByRole('button', { name: 'Join and sign in' }).click();
    await agent.waitForURL(/\/inbox$/);
    await agent.getByRole('heading', { name: 'Inbox' }).waitFor();

    const nav = agent.getByRole('navigation', { name: 'Main' }).first();
    await nav.getByRole('link', { name: 'Inbox' }).waitFor();
    for (const hidden of ['Settings', 'Channels', 'Templates', 'Campaigns', 'Rules', 'Home']) {
      assert.equal(await nav.getByRole('link', { name: hidden, exact: true }).count(), 0, `${hidden} is hidden from agents`);
    }

    // An admin page opened by its address explains itself instead of failing requests.
    await agent.goto(`${env.app.url}/settings`);
    await agent.getByText('Only admins can open this page.').waitFor();
    await agent.goto(`${env.app.url}/channels`);
    await agent.getByText('Only admins can open this page.').waitFor();

    // Signing out and in again lands in the inbox too.
    await agent.getByRole('button', { name: 'Sign out' }).click();
    await agent.waitForURL(/\/login/);
    await signIn(agent, env.app.url, AGENT.email, AGENT.password);
    await agent.waitForURL(/\/inbox$/);

    // The link worked once.
    await agent.goto(link);
    await agent.getByRole('alert').getByText('already used', { exact: false }).waitFor();

    // The admin sees the new agent on the team, and the accepted invite in the audit log.
    await admin.reload();
    await admin.getByTestId(`member-${AGENT.email}`).getByText(AGENT.name).waitFor();
    assert.equal(await admin.getByRole('region', { name: 'Pending invites' }).count(), 0);
    await admin.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Audit log' }).click();
    await admin.getByRole('cell', { name: 'invite.accepted' }).waitFor();
    await admin.getByRole('cell', { name: 'invite.created' }).waitFor();
  });
});
