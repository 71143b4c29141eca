import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appInChromium, openSignedIn } from '../../server/test/browser.ts';
import { waitFor } from '../../server/test/harness.ts';

// Replying from the inbox in Chromium: a canned reply picked with `/`, sent, seen by the
// simulator and shown with its ticks and "You"; a private note shown as one and sent nowhere;
// outside WhatsApp's window the composer offers a template instead.
const PNID = '555000471';
const WABA = '660000000471';

describe('the composer in Chromium', () => {
  const env = appInChromium();
  const sendsTo = async (to: string) => ((await env.app.sandbox('GET', `/control/requests?recipient=${to}&limit=100`)).entries as any[]).sort((a, b) => a.seq - b.seq);
  const inbound = (from: string, name: string, text: string, agoSec = 0) =>
    env.app.sandbox('POST', '/control/inbound', { phone_number_id: PNID, from, name, type: 'text', text, flush: true, timestamp: Math.floor(Date.now() / 1000) - agoSec });

  it('a canned reply picked with / reaches the simulator with its ticks; a note stays in the thread', async () => {
    const { app, browser } = env;
    const token = await app.login();
    assert.equal((await app.call('POST', '/api/accounts', token, { displayName: 'Desk', phoneNumberId: PNID, wabaId: WABA, accessToken: 'sandbox-desk', sandbox: true })).status, 201);
    await app.sandbox('PATCH', '/control/knobs', { statusDelaysMs: { sent: 20, delivered: 50, read: 100 } });
    const customer = '919800047001';
    await inbound(customer, 'Asha Rao', 'Where is my parcel?');

    const page = await openSignedIn(browser, app.url);
    await page.getByRole('link', { name: 'Canned replies', exact: true }).first().click();
    await page.getByLabel('Shortcut').fill('thanks');
    await page.getByLabel('Text').fill('Thank you {{contact.first_name}}, it ships today.');
    await page.getByRole('button', { name: 'Add canned reply' }).click();
    await page.getByTestId('canned-reply').filter({ hasText: '/thanks' }).waitFor();

    await page.getByRole('link', { name: 'Inbox', exact: true }).first().click();
    await page.getByTestId('conversation').filter({ hasText: 'Asha Rao' }).click();
    const thread = page.getByRole('region', { name: 'Conversation' });
    const box = thread.getByLabel('Reply', { exact: true });
    await box.click();
    await box.pressSequentially('/tha');
    await thread.getByTestId('canned-option').filter({ hasText: '/thanks' }).waitFor();
    await box.press('Enter'); // picks the canned reply
    assert.equal(await box.inputValue(), 'Thank you Asha, it ships today.');
    await box.press('Enter'); // sends it
    const sent = thread.getByTestId('message').filter({ hasText: 'Thank you Asha, it ships today.' });
    await sent.getByTestId('status-read').waitFor({ timeout: 15_000 });
    assert.equal(await sent.getByTestId('message-author').innerText(), 'You');
    assert.equal(await box.inputValue(), '', 'the composer is cleared');
    const sends = await sendsTo(customer);
    assert.deepEqual(sends.map((s) => s.body.text.body), ['Thank you Asha, it ships today.']);

    await thread.getByRole('tab', { name: 'Private note' }).click();
    const noteBox = thread.getByLabel('Private note', { exact: true });
    await noteBox.fill('Customer is a VIP: promised a refund');
    await noteBox.press('Enter');
    const note = thread.locator('[data-testid="message"][data-direction="note"]').filter({ hasText: 'promised a refund' });
    await note.waitFor();
    assert.match(await note.getByTestId('message-author').innerText(), /^Private note · You$/);
    assert.equal(await note.locator('[data-testid^="status-"]').count(), 0, 'a note has no ticks');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await sendsTo(customer)).length, 1, 'the simulator received nothing for the note');
    await page.close();
  });

  it('outside the 24-hour window the composer explains it and sends a template filled in a form', async () => {
    const { app, browser } = env;
    const token = await app.login();
    await app.sandbox('POST', '/control/templates', {
      waba_id: WABA,
      templates: [{ name: 'follow_up', category: 'UTILITY', status: 'APPROVED', language: 'en_US', components: [{ type: 'BODY', text: 'Hi {{1}}, about your order {{2}}: can we help?' }] }],
    });
    const numberId = (await app.ctx.db('channel_accounts').where({ external_id: PNID }).first('id')).id;
    await app.call('POST', '/api/templates/sync', token, { numberId });
    await waitFor('the synced template', () => app.ctx.db('templates').where({ name: 'follow_up' }).first('id'), (t) => !!t);
    const customer = '919800047002';
    await inbound(customer, 'Bilal Khan', 'Hello?', 26 * 3600);

    const page = await openSignedIn(browser, app.url);
    await page.getByRole('link', { name: 'Inbox', exact: true }).first().click();
    await page.getByTestId('conversation').filter({ hasText: 'Bilal Khan' }).click();
    const thread = page.getByRole('region', { name: 'Conversation' });
    await thread.locator('[data-testid="window-note"][data-state="template_only"]').waitFor();
    assert.equal(await thread.getByLabel('Reply', { exact: true }).count(), 0, 'no free-form reply outside the window');
    await thread.getByLabel('Template').selectOption('follow_up|en_US');
    await thread.getByLabel('Variable {{1}}').fill('Bilal');
    await thread.getByLabel('Variable {{2}}').fill('B-42');
    assert.equal(await thread.getByTestId('template-preview').innerText(), 'Hi Bilal, about your order B-42: can we help?');
    await thread.getByRole('button', { name: 'Send template' }).click();
    await thread.getByTestId('message').filter({ hasText: 'Hi Bilal, about your order B-42' }).getByTestId('status-read').waitFor({ timeout: 15_000 });
    const [send] = await sendsTo(customer);
    assert.equal(send.body.template.name, 'follow_up');
    await page.close();
  });
});
