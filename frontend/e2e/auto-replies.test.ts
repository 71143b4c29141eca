import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { extractDueLeads } from '../../server/leads/service.ts';
import { launchBrowser, openSignedIn } from '../../server/test/browser.ts';
import { startTestApp, type TestApp } from '../../server/test/harness.ts';

const PNID = '555000977';

describe('auto-replies in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  const sandbox = (method: string, path: string, body: unknown) => app.sandbox(method, path, body);

  before(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    const token = await app.login();
    const n = await app.request('/api/accounts', { method: 'POST', token, json: { displayName: 'Helpdesk', phoneNumberId: PNID, wabaId: '660000000977', accessToken: 'sandbox-a', sandbox: true } });
    assert.equal(n.status, 201);
    await sandbox('PATCH', '/control/openai/knobs', { latencyMs: 0, replies: { refund: 'Refunds take 5 days.' }, jsonOverride: { lead_extraction: { name: 'Ravi', email: null, company: 'Ravi Stores', intent: 'refund for order 42', urgency: 'high', budget: null, fit: 'medium', engagement: 'high', demo_datetime: null, smart_notification: 'Ravi is waiting for a refund' } } });
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('sets up the LLM, credits, a rule and an agent from the dashboard, and the customer gets both answers', async () => {
    const page = await openSignedIn(browser, app.url);

    await page.getByRole('link', { name: 'Settings', exact: true }).first().click();
    const llm = page.getByRole('region', { name: 'LLM' });
    await llm.getByLabel('API key').fill('sk-e2e-secret');
    await llm.getByLabel('Base URL').fill(`${app.url}/sandbox/v1`);
    await llm.getByRole('button', { name: 'Save' }).click();
    await llm.getByText('LLM settings saved').waitFor();
    assert.equal(await llm.getByLabel('API key').inputValue(), '', 'the key is not shown back');
    await llm.getByRole('button', { name: 'Test connection' }).click();
    await llm.getByText(/Connected: \d+ models listed/).waitFor();
    const credits = page.getByRole('region', { name: 'Credits' });
    await credits.getByLabel('Enforce credits').click(); // off on a fresh install
    await credits.getByText(/^On: each AI reply is charged/).waitFor();
    assert.equal(await credits.getByLabel('Enforce credits').isChecked(), true);
    await credits.getByLabel('Credits to add').fill('25');
    await credits.getByRole('button', { name: 'Add' }).click();
    await credits.getByTestId('credit-balance').filter({ hasText: /^25$/ }).waitFor();

    await page.getByRole('link', { name: 'Rules', exact: true }).first().click();
    await page.getByRole('button', { name: 'New rule' }).click();
    await page.getByLabel('Rule name').fill('Opening hours');
    await page.getByLabel('Keywords').fill('open, hours');
    await page.getByLabel('Match').selectOption('any');
    await page.getByLabel('Reply', { exact: true }).fill('We are open 9 am to 6 pm.');
    await page.getByRole('button', { name: 'Save rule' }).click();
    await page.locator('[data-testid="rule-row"][data-name="Opening hours"]').waitFor();

    await page.getByRole('link', { name: 'Agents', exact: true }).first().click();
    const card = page.locator('[data-testid="agent-card"][data-account="Helpdesk"]');
    await card.getByLabel('System prompt', { exact: true }).fill('You are the Helpdesk assistant.');
    await card.getByRole('button', { name: 'Create agent' }).click();
    await card.getByText('Agent on').waitFor();

    const customer = '919833300001';
    await sandbox('POST', '/control/inbound', { phone_number_id: PNID, from: customer, type: 'text', text: 'When are you open?', flush: true });
    await sandbox('POST', '/control/inbound', { phone_number_id: PNID, from: customer, type: 'text', text: 'I want a refund', flush: true });
    await page.getByRole('link', { name: 'Inbox', exact: true }).first().click();
    await page.getByTestId('conversation').first().click();
    const thread = page.getByRole('region', { name: 'Conversation' });
    await thread.getByTestId('message').filter({ hasText: 'We are open 9 am to 6 pm.' }).waitFor();
    await thread.getByTestId('message').filter({ hasText: 'Refunds take 5 days.' }).waitFor();

    await page.getByRole('link', { name: 'Settings', exact: true }).first().click();
    await credits.getByTestId('credit-balance').filter({ hasText: /^24$/ }).waitFor();

    const conv = await app.ctx.db('conversations').first();
    await extractDueLeads(app.ctx, new Date(new Date(conv.last_message_at).getTime() + 6 * 60_000));
    await page.getByRole('link', { name: 'Leads', exact: true }).first().click();
    const lead = page.getByTestId('lead-row').filter({ hasText: 'Ravi' });
    await lead.waitFor();
    assert.match((await lead.textContent()) ?? '', /refund for order 42/);
    await page.getByLabel('Urgency').selectOption('low');
    await page.getByText('No leads match').waitFor();
    await page.close();
  });
});
